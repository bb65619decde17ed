using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

internal sealed class MailchimpMember
{
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; set; }

    /// <summary>subscribed, unsubscribed, cleaned, pending, transactional (reads may show archived).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("last_changed")]
    public DateTimeOffset? LastChanged { get; set; }

    [JsonPropertyName("unsubscribe_reason")]
    public string? UnsubscribeReason { get; set; }
}
