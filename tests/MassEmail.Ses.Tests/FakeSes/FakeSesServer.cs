using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MassEmail.Ses.Tests.FakeSes;

/// <summary>
/// A tiny SES v2 stand-in on 127.0.0.1 (Kestrel, OS-picked port) that answers each SendEmail by the
/// local part of its recipient, to produce what the emulator cannot: throttling, 5xx, slow answers and
/// connections dropped after the request was read. Answers are shaped like real SES errors.
/// </summary>
public sealed class FakeSesServer : IAsyncDisposable
{
    /// <summary>How long the "slow" answer waits; tests use a shorter client timeout.</summary>
    public static readonly TimeSpan SlowAnswerDelay = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;

    private FakeSesServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Body of GetAccount; set by a test.</summary>
    public string AccountJson { get; set; } = """{"SendQuota":{"Max24HourSend":-1,"MaxSendRate":50,"SentLast24Hours":7},"SendingEnabled":true}""";

    public static async Task<FakeSesServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSesServer(app);
        app.MapPost("/v2/email/outbound-emails", server.SendEmailAsync);
        app.MapGet("/v2/email/account", server.GetAccountAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task SendEmailAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        var scenario = RecipientLocalPart(body);
        switch (scenario)
        {
            case "ok":
                await WriteAsync(context, 200, null, """{"MessageId":"fake-message-1"}""");
                break;
            case "throttled":
                await WriteAsync(context, 429, "TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.service/",
                    """{"message":"Maximum sending rate exceeded."}""");
                break;
            case "throttled-in-body":
                // Throttling as some AWS front ends send it: 400, type only in the body, namespaced.
                await WriteAsync(context, 400, null, """{"__type":"com.amazonaws.sesv2#ThrottlingException","message":"Rate exceeded"}""");
                break;
            case "quota":
                await WriteAsync(context, 400, "LimitExceededException", """{"message":"Daily message quota exceeded."}""");
                break;
            case "rejected":
                await WriteAsync(context, 400, "MessageRejected",
                    """{"message":"Email address is not verified.\r\nThe following identities failed the check in region US-EAST-1: sender@example.com"}""");
                break;
            case "unverified-domain":
                await WriteAsync(context, 400, "MailFromDomainNotVerifiedException", """{"message":"MAIL FROM domain not verified"}""");
                break;
            case "paused":
                await WriteAsync(context, 400, "SendingPausedException", """{"message":"Sending paused for this account."}""");
                break;
            case "suspended":
                await WriteAsync(context, 400, "AccountSuspendedException", """{"message":"Account suspended."}""");
                break;
            case "denied":
                // Some AWS auth errors echo request data: the key id must not reach the error text.
                await WriteAsync(context, 403, "UnrecognizedClientException",
                    """{"message":"The security token included in the request is invalid: AKIAIOSFODNN7EXAMPLE"}""");
                break;
            case "internal":
                await WriteAsync(context, 500, null, "");
                break;
            case "unavailable":
                await WriteAsync(context, 503, "ServiceUnavailable", """{"message":"Service unavailable"}""");
                break;
            case "garbage":
                await WriteAsync(context, 200, null, "<html>not json</html>", "text/html");
                break;
            case "no-message-id":
                await WriteAsync(context, 200, null, "{}");
                break;
            case "slow":
                await Task.Delay(SlowAnswerDelay, context.RequestAborted);
                await WriteAsync(context, 200, null, """{"MessageId":"too-late"}""");
                break;
            case "abort":
                // The request was read in full; the connection dies before any answer.
                context.Abort();
                break;
            default:
                await WriteAsync(context, 400, "BadRequestException", $$"""{"message":"unknown scenario {{scenario}}"}""");
                break;
        }
    }

    private async Task GetAccountAsync(HttpContext context)
    {
        await RecordAsync(context);
        await WriteAsync(context, 200, null, AccountJson);
    }

    private async Task<byte[]> RecordAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            headers.Authorization.FirstOrDefault(),
            headers["x-amz-date"].FirstOrDefault(),
            headers["x-amz-content-sha256"].FirstOrDefault(),
            context.Request.ContentType,
            body));
        return body;
    }

    private static string RecipientLocalPart(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var to = json.RootElement.GetProperty("Destination").GetProperty("ToAddresses")[0].GetString()!;
        return to[..to.IndexOf('@', StringComparison.Ordinal)];
    }

    private static async Task WriteAsync(HttpContext context, int status, string? errorType, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (errorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
        }

        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body);
    }
}
