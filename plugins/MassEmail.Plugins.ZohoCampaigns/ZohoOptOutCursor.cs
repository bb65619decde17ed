using System.Globalization;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Where opt-out polling stands: how many unsubscribed and bounced contacts (oldest first) were read already in the
/// pass that began at <see cref="PassStarted"/>. Written <c>unsub:N;bounce:M;pass:T</c> (T in Unix milliseconds);
/// anything unreadable starts from the beginning (re-reading an opt-out is harmless), and a cursor written before
/// passes existed (no <c>pass</c>) keeps its counts and starts its pass when it is next read.
/// </summary>
internal sealed record ZohoOptOutCursor(int Unsubscribed, int Bounced, DateTimeOffset? PassStarted)
{
    public static ZohoOptOutCursor Parse(string? cursor)
    {
        var (unsub, bounce) = (0, 0);
        DateTimeOffset? pass = null;
        foreach (var part in (cursor ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split(':');
            if (pair.Length != 2 || !long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                continue;
            }

            switch (pair[0])
            {
                case "unsub" when n <= int.MaxValue:
                    unsub = (int)n;
                    break;
                case "bounce" when n <= int.MaxValue:
                    bounce = (int)n;
                    break;
                case "pass" when n <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds():
                    pass = DateTimeOffset.FromUnixTimeMilliseconds(n);
                    break;
            }
        }

        return new ZohoOptOutCursor(unsub, bounce, pass);
    }

    public int Seen(string status) => status == "unsub" ? Unsubscribed : Bounced;

    public ZohoOptOutCursor With(string status, int seen) => status == "unsub" ? this with { Unsubscribed = seen } : this with { Bounced = seen };

    public override string ToString() => PassStarted is { } pass
        ? string.Create(CultureInfo.InvariantCulture, $"unsub:{Unsubscribed};bounce:{Bounced};pass:{pass.ToUnixTimeMilliseconds()}")
        : string.Create(CultureInfo.InvariantCulture, $"unsub:{Unsubscribed};bounce:{Bounced}");
}
