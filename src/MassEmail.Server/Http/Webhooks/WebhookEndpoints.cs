using MassEmail.Plugins.Abstractions;

namespace MassEmail.Server.Http.Webhooks;

/// <summary>
/// Campaign tools' webhooks on the public endpoint, one URL per connection (issue 14 item 6):
/// <c>BASE/webhooks/{connectionId}/{webhook_secret}</c> (Mailchimp: GET validation and form POSTs; Zoho with the secret
/// in the URL) and <c>BASE/webhooks/{connectionId}</c> (Zoho with basic auth). The body is capped at
/// <see cref="MaxBodyBytes"/> before it is read, the connection's plugin verifies and parses it, and its events are
/// applied before the answer (<see cref="WebhookService"/>: a bounded amount of store work). Wrong secret or unknown
/// connection 401, malformed 400, too large 413; never 410, which would make Mailchimp disable the webhook.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The path under the public base URL; the connection id and its webhook secret follow.</summary>
    public const string Path = "/webhooks";

    /// <summary>Largest body read: Mailchimp's form posts are a few hundred bytes, Zoho's JSON lists of contacts short.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>Longest id or secret segment considered; longer ones are refused before any store work.</summary>
    private const int MaxSegmentLength = 256;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPublicGroup(PublicEndpoint.EventRatePolicy);
        group.MapGet($"{Path}/{{connectionId}}/{{secret}}", ReceiveAsync);
        group.MapPost($"{Path}/{{connectionId}}/{{secret}}", ReceiveAsync);
        group.MapPost($"{Path}/{{connectionId}}", (string connectionId, HttpContext context, WebhookService webhooks) =>
            ReceiveAsync(connectionId, null, context, webhooks));
        return endpoints;
    }

    /// <summary>The URL an operator registers at the vendor: the secret is the connection's <c>webhook_secret</c> credential.</summary>
    public static string UrlOf(string publicBaseUrl, string connectionId, bool withSecret) =>
        $"{publicBaseUrl.TrimEnd('/')}{Path}/{connectionId}" + (withSecret ? "/{webhook_secret}" : "");

    private static async Task<IResult> ReceiveAsync(string connectionId, string? secret, HttpContext context, WebhookService webhooks)
    {
        if (connectionId.Length > MaxSegmentLength || secret?.Length > MaxSegmentLength)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        var isGet = HttpMethods.IsGet(context.Request.Method);
        var (body, status) = isGet ? ("", StatusCodes.Status200OK) : await PublicBody.ReadTextAsync(context, MaxBodyBytes);
        if (body is null)
        {
            return Results.StatusCode(status);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new WebhookRequest(context.Request.Method, secret, headers, context.Request.ContentType, body);
        var outcome = await webhooks.ReceiveAsync(connectionId, request, context.RequestAborted);
        return Results.StatusCode(outcome.StatusCode);
    }
}
