using System.Text.Json.Serialization;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>
/// Any Zoho Campaigns JSON answer: <c>status</c>, <c>code</c> (a number or a string, sometimes <c>Code</c>),
/// <c>message</c>, and the <c>list_of_details</c> of the list calls.
/// </summary>
internal sealed class ZohoResponse
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("list_of_details")]
    public List<ZohoDetail>? Details { get; set; }
}
