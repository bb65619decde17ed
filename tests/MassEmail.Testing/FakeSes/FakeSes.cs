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

namespace MassEmail.Testing;

/// <summary>
/// The one fake Amazon SES v2 of the test kit (drills and the bench), hosted in the calling process (Kestrel on
/// 127.0.0.1, a port the OS picks). GetAccount answers the account of its <see cref="FakeSesOptions"/>; SendEmail
/// answers what <see cref="FakeSesOptions.Decide"/> says for (recipient, attempt). Every request and every
/// 200-answered recipient is logged, so a drill can prove what "SES" received independently of what the service
/// believes it sent.
/// </summary>
public sealed class FakeSes : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FakeSesOptions options;
    private readonly byte[] accountJson;
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> delivered = new();
    private readonly ConcurrentQueue<FakeSesRequest> requests = new();
    private int inFlight;

    private FakeSes(WebApplication app, FakeSesOptions options)
    {
        this.app = app;
        this.options = options;
        accountJson = JsonSerializer.SerializeToUtf8Bytes(new
        {
            SendQuota = new { Max24HourSend = -1, options.MaxSendRate, SentLast24Hours = 0 },
            SendingEnabled = true,
        });
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Recipients answered 200, once per answer, in order (a recipient listed twice got two messages).</summary>
    public IReadOnlyList<string> Delivered => [.. delivered];

    /// <summary>Every SendEmail request, in arrival order.</summary>
    public IReadOnlyList<FakeSesRequest> Requests => [.. requests];

    public static async Task<FakeSes> StartAsync(FakeSesOptions? options = null)
    {
        // The empty builder reads no configuration: the test binaries' appsettings.json (the server's) must not apply here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSes(app, options ?? new FakeSesOptions());
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        fake.BaseAddress = new Uri(addresses.Single().TrimEnd('/') + "/");
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
        var reply = options.Decide(to, attempt);
        requests.Enqueue(new FakeSesRequest(Stopwatch.GetTimestamp(), to, attempt, reply));

        // Waits ignore the client going away: SES finishes what it received even when the caller is gone.
        switch (reply)
        {
            case FakeSesReply.Accept:
                await Task.Delay(Random.Shared.Next((int)options.MinAcceptDelay.TotalMilliseconds, (int)options.MaxAcceptDelay.TotalMilliseconds + 1));
                delivered.Enqueue(to);
                await WriteAsync(context, 200, MessageId());
                break;
            case FakeSesReply.AcceptLate:
                await Task.Delay(options.LateAnswerDelay);
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
