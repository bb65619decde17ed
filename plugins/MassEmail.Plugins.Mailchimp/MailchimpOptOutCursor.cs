using System.Globalization;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// Where opt-out polling stands: per status (<c>unsubscribed</c>, <c>cleaned</c>) the newest <c>last_changed</c> read.
/// Written <c>unsubscribed=ISO;cleaned=ISO</c>; Mailchimp's <c>since_last_changed</c> includes that instant, so the
/// newest member may come again (re-reading an opt-out is harmless).
/// </summary>
internal sealed record MailchimpOptOutCursor(DateTimeOffset? Unsubscribed, DateTimeOffset? Cleaned)
{
    public static MailchimpOptOutCursor Parse(string? cursor)
    {
        DateTimeOffset? unsub = null, cleaned = null;
        foreach (var part in (cursor ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length == 2 && DateTimeOffset.TryParse(pair[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                if (pair[0] == "unsubscribed")
                {
                    unsub = at;
                }
                else if (pair[0] == "cleaned")
                {
                    cleaned = at;
                }
            }
        }

        return new MailchimpOptOutCursor(unsub, cleaned);
    }

    public DateTimeOffset? Since(string status) => status == "unsubscribed" ? Unsubscribed : Cleaned;

    public MailchimpOptOutCursor With(string status, DateTimeOffset? at) =>
        at is null ? this : status == "unsubscribed" ? this with { Unsubscribed = at } : this with { Cleaned = at };

    public override string ToString() =>
        string.Join(';', new[] { ("unsubscribed", Unsubscribed), ("cleaned", Cleaned) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={p.Item2!.Value.ToUniversalTime():yyyy-MM-ddTHH:mm:ssK}"));
}
