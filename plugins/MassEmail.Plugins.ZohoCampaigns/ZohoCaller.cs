using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// One Zoho Campaigns call, done right: inside the endpoint's windows and out of its lock, with the shared access token
/// (refreshed once and the call retried once when Zoho says 1007), and the HTTP-200 error body classified — 2101 locks
/// the endpoint for its documented lock, an outage comes back as "later".
/// </summary>
internal sealed class ZohoCaller(
    ZohoAccessTokens tokens, EndpointGates gates, IOptions<ZohoCampaignsOptions> options, TimeProvider time, ILogger<ZohoCaller> logger)
{
    public delegate Task<ApiResponse<ZohoResponse>> Send(Uri baseAddress, string authorization, CancellationToken cancellationToken);

    public async Task<ZohoAnswer> CallAsync(PluginConnection connection, EndpointLimit endpoint, Send send, CancellationToken cancellationToken)
    {
        var gate = gates.For(connection.Id, endpoint);
        var baseAddress = options.Value.CampaignsBaseUrl ?? ZohoDataCentres.Campaigns(connection.DataCentre);
        for (var attempt = 1; ; attempt++)
        {
            var call = await gate.TryEnterAsync(cancellationToken);
            if (!call.Entered)
            {
                return ZohoAnswer.Later(call.RetryAt, $"{endpoint.Endpoint}: window full or locked");
            }

            AccessToken token;
            ZohoAnswer answer;
            try
            {
                token = await tokens.GetAsync(connection, cancellationToken);
                answer = await SendAsync(send, baseAddress, token, endpoint, cancellationToken);
            }
            catch (ZohoTokenUnavailableException e)
            {
                return ZohoAnswer.Later(e.RetryAt, e.Message);
            }
            finally
            {
                await gate.AnsweredAsync(call);
            }

            if (answer.Code == ZohoCodes.Unauthorised && attempt == 1)
            {
                // The token expired or was revoked before its time: drop it (unless another caller already did) and retry once.
                logger.LogInformation("Zoho refused the access token of connection {ConnectionId} on {Endpoint}: refreshing", connection.Id, endpoint.Endpoint);
                await tokens.RejectedAsync(connection, token, cancellationToken);
                continue;
            }

            if (answer.Code == ZohoCodes.RetryLater)
            {
                var until = await gate.LockedAsync();
                logger.LogWarning("Zoho asked connection {ConnectionId} to retry {Endpoint} later: keeping off it until {Until:O}", connection.Id, endpoint.Endpoint, until);
                return ZohoAnswer.Later(until, answer.Detail);
            }

            return answer;
        }
    }

    private async Task<ZohoAnswer> SendAsync(Send send, Uri baseAddress, AccessToken token, EndpointLimit endpoint, CancellationToken cancellationToken)
    {
        var backoff = time.GetUtcNow() + options.Value.Transport.OutageBackoff;
        try
        {
            using var response = await send(baseAddress, "Zoho-oauthtoken " + token.Value, cancellationToken);
            // Refit hands transport failures back in the response (no status) rather than throwing them.
            var status = response.StatusCode is { } code ? (int)code : 0;
            if (status == 401)
            {
                return new ZohoAnswer(ZohoCodes.Unauthorised, "HTTP 401", null, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Zoho answered {Endpoint} with HTTP {Status}", endpoint.Endpoint, status);
                return ZohoAnswer.Later(backoff, status == 0 ? "unreachable" : $"HTTP {status}");
            }

            if (response.Content is not { } body || (body.Code is null && body.Status is null))
            {
                return ZohoAnswer.Later(backoff, "unreadable answer");
            }

            var bodyCode = body.Code ?? (string.Equals(body.Status, "success", StringComparison.OrdinalIgnoreCase) ? ZohoCodes.Success : -1);
            logger.LogDebug("Zoho {Endpoint}: code {Code}", endpoint.Endpoint, bodyCode);
            return new ZohoAnswer(bodyCode, $"{bodyCode} {body.Message}".Trim(), body, null);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Zoho {Endpoint} unreachable: {Error}", endpoint.Endpoint, e.GetType().Name);
            return ZohoAnswer.Later(backoff, "unreachable");
        }
    }
}
