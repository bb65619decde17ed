using System.Text.Json.Serialization;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary><c>GET /3.0/lists</c>.</summary>
internal sealed class MailchimpListsResponse
{
    [JsonPropertyName("lists")]
    public List<MailchimpList>? Lists { get; set; }

    [JsonPropertyName("total_items")]
    public int TotalItems { get; set; }
}
