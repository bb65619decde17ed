using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

internal sealed class MailchimpListStats
{
    [JsonPropertyName("member_count")]
    public long? MemberCount { get; set; }
}
