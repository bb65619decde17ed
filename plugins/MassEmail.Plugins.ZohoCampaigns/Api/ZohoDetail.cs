using System.Text.Json.Serialization;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>One entry of <c>list_of_details</c>: a list (getmailinglists) or a contact (getlistsubscribers).</summary>
internal sealed class ZohoDetail
{
    [JsonPropertyName("listkey")]
    public string? ListKey { get; set; }

    [JsonPropertyName("listname")]
    public string? ListName { get; set; }

    [JsonPropertyName("noofcontacts")]
    public long? ContactCount { get; set; }

    [JsonPropertyName("contact_email")]
    public string? ContactEmail { get; set; }

    /// <summary>Milliseconds since the epoch, as a string.</summary>
    [JsonPropertyName("added_time")]
    public string? AddedTime { get; set; }
}
