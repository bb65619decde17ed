using System.Text.Json.Serialization;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>Zoho accounts' token answer: a token, or (also with HTTP 200) an <c>error</c> such as "Access Denied".</summary>
internal sealed class ZohoTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}
