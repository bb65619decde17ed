using MassEmail.Plugins.Abstractions;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>Settings of the Mailchimp plugin (section <see cref="SectionName"/>); the accounts are per connection.</summary>
public sealed class MailchimpOptions
{
    public const string SectionName = "Plugins:Mailchimp";

    /// <summary>Replaces <c>https://&lt;dc&gt;.api.mailchimp.com/</c> (a test's fake, a proxy). Null: the account's data centre.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Simultaneous requests per account. Mailchimp allows 10 and answers 429 (at volume a bare 403) beyond.</summary>
    public int MaxConnections { get; set; } = 10;

    /// <summary>
    /// How long a change we made stays recognisable: a webhook reporting the same change of the same contact within this
    /// time is our own API change coming back (when the webhook's <c>api</c> source is on) and is ignored.
    /// </summary>
    public TimeSpan EchoWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Members per page when polling opt-outs. Default 500 (Mailchimp's maximum is 1,000).</summary>
    public int OptOutPageSize { get; set; } = 500;

    /// <summary>Transport retries (5xx, 429) and the back-off after them.</summary>
    public TransportOptions Transport { get; set; } = new();
}
