namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Zoho's data centres: the OAuth accounts host and the Campaigns host of each. A connection's tokens work only
/// against its own data centre, so both hosts come from the connection, never from a global setting.
/// </summary>
public static class ZohoDataCentres
{
    private static readonly Dictionary<string, (string Accounts, string Campaigns)> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["com"] = ("accounts.zoho.com", "campaigns.zoho.com"),
        ["eu"] = ("accounts.zoho.eu", "campaigns.zoho.eu"),
        ["in"] = ("accounts.zoho.in", "campaigns.zoho.in"),
        ["com.au"] = ("accounts.zoho.com.au", "campaigns.zoho.com.au"),
        ["jp"] = ("accounts.zoho.jp", "campaigns.zoho.jp"),
        ["com.cn"] = ("accounts.zoho.com.cn", "campaigns.zoho.com.cn"),
        // Canada and Saudi Arabia are not zoho.<tld> for accounts: Canada is zohocloud.ca.
        ["ca"] = ("accounts.zohocloud.ca", "campaigns.zohocloud.ca"),
        ["sa"] = ("accounts.zoho.sa", "campaigns.zoho.sa"),
    };

    /// <summary>The data-centre codes a connection may name.</summary>
    public static IReadOnlyCollection<string> Codes => Hosts.Keys;

    public static bool IsKnown(string dataCentre) => Hosts.ContainsKey(dataCentre);

    /// <summary>
    /// The code of a data centre named by its code (<c>eu</c>) or by its accounts host (<c>accounts.zohocloud.ca</c>,
    /// <c>https://accounts.zoho.sa/</c>), or null when it names none.
    /// </summary>
    public static string? CodeOf(string dataCentre)
    {
        var name = dataCentre.Trim().ToLowerInvariant();
        if (name.StartsWith("https://", StringComparison.Ordinal))
        {
            name = name["https://".Length..];
        }

        name = name.TrimEnd('/');
        if (Hosts.ContainsKey(name))
        {
            return Hosts.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        }

        return Hosts.FirstOrDefault(h => h.Value.Accounts == name).Key;
    }

    /// <summary>The accounts base URL (<c>https://accounts.zoho.eu/</c>).</summary>
    public static Uri Accounts(string dataCentre) => new($"https://{Find(dataCentre).Accounts}/");

    /// <summary>The Campaigns base URL (<c>https://campaigns.zoho.eu/</c>).</summary>
    public static Uri Campaigns(string dataCentre) => new($"https://{Find(dataCentre).Campaigns}/");

    private static (string Accounts, string Campaigns) Find(string dataCentre) =>
        Hosts.TryGetValue(dataCentre, out var hosts)
            ? hosts
            : throw new ArgumentException($"unknown Zoho data centre '{dataCentre}' (known: {string.Join(", ", Hosts.Keys)})", nameof(dataCentre));
}
