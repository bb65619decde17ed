using MassEmail.Plugins.Abstractions;
using Refit;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>Zoho accounts (OAuth2) of the connection's data centre.</summary>
internal interface IZohoAccountsApi
{
    /// <summary>
    /// <c>grant_type=refresh_token</c> with client id and secret. Sent as a form body, never in the query string,
    /// so that no request log can show the secrets.
    /// </summary>
    [Post("/oauth/v2/token")]
    Task<ApiResponse<ZohoTokenResponse>> RefreshAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form,
        CancellationToken cancellationToken);
}
