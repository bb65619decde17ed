using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary>One member's failure within a batch.</summary>
internal sealed class MailchimpBatchError
{
    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; set; }
}
