using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// A connection's access token through the shared <see cref="IAccessTokenCache"/>: Zoho issues at most 10 access
/// tokens per refresh token per 10 minutes, so every caller (and every instance sharing the cache) uses one token
/// until it expires or Zoho refuses it, and only one caller refreshes it.
/// </summary>
internal sealed class ZohoAccessTokens(
    IZohoAccountsApi accounts, IAccessTokenCache cache, EndpointGates gates, IOptions<ZohoCampaignsOptions> options, TimeProvider time, ILogger<ZohoAccessTokens> logger)
{
    /// <summary>After "Access Denied" (the issue limit), the window that must pass before asking again.</summary>
    private static readonly TimeSpan IssueLimitWindow = TimeSpan.FromMinutes(10);

    public Task<AccessToken> GetAsync(PluginConnection connection, CancellationToken cancellationToken) =>
        cache.GetOrIssueAsync(CacheKey(connection), ct => IssueAsync(connection, ct), cancellationToken);

    public Task RejectedAsync(PluginConnection connection, AccessToken token, CancellationToken cancellationToken) =>
        cache.InvalidateAsync(CacheKey(connection), token, cancellationToken);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string CacheKey(PluginConnection connection) => $"zoho-campaigns:{connection.Id}";

    private async Task<AccessToken> IssueAsync(PluginConnection connection, CancellationToken cancellationToken)
    {
        // A connection whose tokens keep being refused must not use up the refresh token's issue limit (and then be
        // denied for ten minutes): the instances on the store together ask at most as often as Zoho allows.
        var gate = gates.For(connection.Id, ZohoEndpoints.TokenIssue);
        var call = await gate.TryEnterAsync(cancellationToken);
        if (!call.Entered)
        {
            throw new ZohoTokenUnavailableException("Zoho's access-token issue limit reached", call.RetryAt);
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = connection.Credentials["client_id"],
            ["client_secret"] = connection.Credentials["client_secret"],
            ["refresh_token"] = connection.Credentials["refresh_token"],
        };
        var baseAddress = options.Value.AccountsBaseUrl ?? ZohoDataCentres.Accounts(connection.DataCentre);
        var now = time.GetUtcNow();
        try
        {
            using var response = await accounts.RefreshAsync(baseAddress, form, cancellationToken);
            var body = response.Content;
            if (response.IsSuccessStatusCode && body?.AccessToken is { Length: > 0 } value)
            {
                var lifetime = TimeSpan.FromSeconds(body.ExpiresIn is int seconds and > 0 ? seconds : 3600);
                logger.LogInformation("Issued a Zoho access token for connection {ConnectionId}, valid {Lifetime}", connection.Id, lifetime);
                return new AccessToken(value, now + lifetime);
            }

            var error = body?.Error ?? (response.StatusCode is { } status ? $"HTTP {(int)status}" : "unreachable");
            logger.LogWarning("Zoho accounts issued no access token for connection {ConnectionId}: {Error}", connection.Id, error);
            // An outage passes sooner than the issue limit's window, after which "Access Denied" may be lifted.
            var outage = response.StatusCode is null or >= System.Net.HttpStatusCode.InternalServerError;
            throw new ZohoTokenUnavailableException(
                $"Zoho accounts issued no access token: {error}", outage ? now + options.Value.Transport.OutageBackoff : Max(await gate.LockedAsync(), now + IssueLimitWindow));
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Zoho accounts unreachable for connection {ConnectionId}: {Error}", connection.Id, e.GetType().Name);
            throw new ZohoTokenUnavailableException("Zoho accounts unreachable", now + options.Value.Transport.OutageBackoff);
        }
    }
}
