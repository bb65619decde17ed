using System.Text.RegularExpressions;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// The account's data centre (<c>us6</c>): the API key's suffix after the dash, or the connection's own. Checked
/// against a strict shape, because it becomes a host name.
/// </summary>
public static partial class MailchimpDataCentre
{
    public static string Of(string apiKey, string? connectionDataCentre)
    {
        var dash = apiKey.LastIndexOf('-');
        var dc = dash >= 0 ? apiKey[(dash + 1)..] : connectionDataCentre ?? "";
        return Shape().IsMatch(dc) ? dc : throw new ArgumentException("the Mailchimp data centre must look like 'us6'", nameof(connectionDataCentre));
    }

    /// <summary>Whether <paramref name="dataCentre"/> has the shape of a server prefix (<c>us6</c>).</summary>
    public static bool IsWellFormed(string dataCentre) => Shape().IsMatch(dataCentre);

    public static Uri BaseUrl(string dataCentre) => new($"https://{dataCentre}.api.mailchimp.com/");

    [GeneratedRegex("^[a-z]{2}[0-9]{1,3}$")]
    private static partial Regex Shape();
}
