using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary>The batch answer: HTTP 200 even when members failed, each failure in <c>errors</c>.</summary>
internal sealed class MailchimpBatchResponse
{
    [JsonPropertyName("errors")]
    public List<MailchimpBatchError>? Errors { get; set; }

    [JsonPropertyName("error_count")]
    public int ErrorCount { get; set; }
}
