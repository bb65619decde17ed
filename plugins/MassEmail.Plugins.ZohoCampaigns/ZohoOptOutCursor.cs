using System.Globalization;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Where opt-out polling stands: how many unsubscribed and bounced contacts (oldest first) were read already.
/// Written <c>unsub:N;bounce:M</c>; anything unreadable starts from the beginning (re-reading an opt-out is harmless).
/// </summary>
internal sealed record ZohoOptOutCursor(int Unsubscribed, int Bounced)
{
    public static ZohoOptOutCursor Parse(string? cursor)
    {
        var (unsub, bounce) = (0, 0);
        foreach (var part in (cursor ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split(':');
            if (pair.Length == 2 && int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                (unsub, bounce) = pair[0] switch
                {
                    "unsub" => (n, bounce),
                    "bounce" => (unsub, n),
                    _ => (unsub, bounce),
                };
            }
        }

        return new ZohoOptOutCursor(unsub, bounce);
    }

    public int Seen(string status) => status == "unsub" ? Unsubscribed : Bounced;

    public ZohoOptOutCursor With(string status, int seen) => status == "unsub" ? this with { Unsubscribed = seen } : this with { Bounced = seen };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"unsub:{Unsubscribed};bounce:{Bounced}");
}
