using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// A fake Amazon SES v2 hosted in the test process (Kestrel on 127.0.0.1, a port the OS picks).
/// GetAccount answers a fixed quota; SendEmail answers what <c>decide</c> says for (recipient, attempt).
/// Every request and every 200-answered recipient is logged, so a drill can prove what "SES" received
/// independently of what the service believes it sent.
/// </summary>
internal sealed class FakeSes : IAsyncDisposable
{
    /// <summary>How long <see cref="FakeSesReply.AcceptLate"/> keeps the client waiting.</summary>
    public static readonly TimeSpan LateAnswerDelay = TimeSpan.FromSeconds(3);

    private readonly WebApplication app;
    private readonly Func<string, int, FakeSesReply> decide;
    private readonly int minAcceptDelayMs;
    private readonly int maxAcceptDelayMs;
    private readonly byte[] accountJson;
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> delivered = new();
    private readonly ConcurrentQueue<FakeSesRequest> requests = new();
    private int inFlight;

    private FakeSes(WebApplication app, double maxSendRate, Func<string, int, FakeSesReply> decide, TimeSpan minAcceptDelay, TimeSpan maxAcceptDelay)
    {
        this.app = app;
        this.decide = decide;
        minAcceptDelayMs = (int)minAcceptDelay.TotalMilliseconds;
        maxAcceptDelayMs = (int)maxAcceptDelay.TotalMilliseconds;
        accountJson = JsonSerializer.SerializeToUtf8Bytes(new
        {
            SendQuota = new { Max24HourSend = -1, MaxSendRate = maxSendRate, SentLast24Hours = 0 },
            SendingEnabled = true,
        });
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string BaseAddress { get; private set; } = "";

    /// <summary>Recipients answered 200, once per answer, in order (a recipient listed twice got two messages).</summary>
    public IReadOnlyList<string> Delivered => [.. delivered];

    /// <summary>Every SendEmail request, in arrival order.</summary>
    public IReadOnlyList<FakeSesRequest> Requests => [.. requests];

    /// <param name="maxSendRate">The MaxSendRate GetAccount reports (what the service's limiter is sized from).</param>
    /// <param name="decide">The answer to (recipient address, attempt number starting at 1).</param>
    /// <param name="minAcceptDelay">Shortest wait before an <see cref="FakeSesReply.Accept"/> answer.</param>
    /// <param name="maxAcceptDelay">Longest wait before an <see cref="FakeSesReply.Accept"/> answer.</param>
    public static async Task<FakeSes> StartAsync(
        double maxSendRate, Func<string, int, FakeSesReply> decide, TimeSpan minAcceptDelay = default, TimeSpan maxAcceptDelay = default)
    {
        // The empty builder reads no configuration: the test binaries' appsettings.json (the server's) must not apply here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSes(app, maxSendRate, decide, minAcceptDelay, maxAcceptDelay);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        fake.BaseAddress = addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>Waits until no SendEmail request is being answered (late answers included), while answers go out.</summary>
    public Task WaitIdleAsync() =>
        Progress.WaitAsync(
            () => (InFlight: Volatile.Read(ref inFlight), Received: requests.Count),
            now => now.InFlight == 0,
            now => now,
            now => $"the fake SES still answers {now.InFlight} requests");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path == "/v2/email/account")
        {
            await WriteAsync(context, 200, accountJson);
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path == "/v2/email/outbound-emails")
        {
            Interlocked.Increment(ref inFlight);
            try
            {
                await SendEmailAsync(context);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task SendEmailAsync(HttpContext context)
    {
        string to;
        using (var body = await JsonDocument.ParseAsync(context.Request.Body))
        {
            to = body.RootElement.GetProperty("Destination").GetProperty("ToAddresses")[0].GetString()
                ?? throw new InvalidOperationException("Destination.ToAddresses[0] is null");
        }

        var attempt = attempts.AddOrUpdate(to, 1, (_, n) => n + 1);
        var reply = decide(to, attempt);
        requests.Enqueue(new FakeSesRequest(Stopwatch.GetTimestamp(), to, attempt, reply));

        // Waits ignore the client going away: SES finishes what it received even when the caller is gone.
        switch (reply)
        {
            case FakeSesReply.Accept:
                await Task.Delay(Random.Shared.Next(minAcceptDelayMs, maxAcceptDelayMs + 1));
                delivered.Enqueue(to);
                await WriteAsync(context, 200, MessageId());
                break;
            case FakeSesReply.AcceptLate:
                await Task.Delay(LateAnswerDelay);
                delivered.Enqueue(to);
                await WriteAsync(context, 200, MessageId());
                break;
            case FakeSesReply.Throttle:
                context.Response.Headers["x-amzn-ErrorType"] = "TooManyRequestsException";
                await WriteAsync(context, 429, """{"message":"Maximum sending rate exceeded."}"""u8.ToArray());
                break;
            case FakeSesReply.ServerError:
                await WriteAsync(context, 500, """{"message":"Internal failure (fake)."}"""u8.ToArray());
                break;
            default:
                throw new InvalidOperationException($"unknown reply {reply}");
        }
    }

    private static byte[] MessageId() =>
        JsonSerializer.SerializeToUtf8Bytes(new { MessageId = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) });

    private static async Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json);
    }
}
