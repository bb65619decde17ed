using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MassEmail.Testing;

/// <summary>
/// The one fake Amazon SES v2 of the test kit, hosted in the test process (Kestrel on 127.0.0.1, a port the OS picks),
/// for what the emulator cannot do: every error SES answers (<see cref="FakeSesReply"/>), slow and lost answers,
/// per-recipient (partial) failures within a batch, a 24-hour quota that runs out, an account in the sandbox, and the
/// two credential endpoints a deployment depends on (STS web identity, container credentials). Every answer carries an
/// <c>x-amzn-RequestId</c>. Every request and every 200-answered recipient is logged, so a test can prove what "SES"
/// received independently of what the service believes it sent.
/// </summary>
public sealed class FakeSes : IAsyncDisposable
{
    /// <summary>The path of the container-credentials endpoint (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>).</summary>
    public const string ContainerCredentialsPath = "/container-credentials";

    /// <summary>The access key id of the temporary credentials STS and the container endpoint hand out.</summary>
    public const string TemporaryAccessKeyId = "ASIAFAKETEMPORARYKEY";

    /// <summary>The session token that goes with <see cref="TemporaryAccessKeyId"/>.</summary>
    public const string TemporarySessionToken = "fake-session-token";

    private readonly FakeSesOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> delivered = new();
    private readonly ConcurrentQueue<FakeSesRequest> requests = new();
    private readonly Lock quotaGate = new();
    private LoopbackHost host = null!;
    private int inFlight;
    private double sentInWindow;

    private FakeSes(FakeSesOptions options)
    {
        this.options = options;
        sentInWindow = options.SentLast24Hours;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress => host.BaseAddress;

    /// <summary>Recipients answered 200, once per answer, in order (a recipient listed twice got two messages).</summary>
    public IReadOnlyList<string> Delivered => [.. delivered];

    /// <summary>Every SendEmail request, in arrival order.</summary>
    public IReadOnlyList<FakeSesRequest> Requests => [.. requests.Where(r => r.Operation == SendEmail)];

    /// <summary>Every request (SendEmail, GetAccount, STS, container credentials), in arrival order.</summary>
    public IReadOnlyList<FakeSesRequest> AllRequests => [.. requests];

    /// <summary>GetAccount's answer: <see cref="FakeSesReply.Accept"/> (the account) or an error such as <see cref="FakeSesReply.AccessDenied"/>.</summary>
    public FakeSesReply AccountReply { get; set; } = FakeSesReply.Accept;

    /// <summary>Replaces GetAccount's body (null: built from the options and the deliveries so far).</summary>
    public string? AccountJson { get; set; }

    /// <summary>STS AssumeRoleWithWebIdentity's answer: <see cref="FakeSesReply.Accept"/> or <see cref="FakeSesReply.AccessDenied"/>.</summary>
    public FakeSesReply StsReply { get; set; } = FakeSesReply.Accept;

    /// <summary>PutSuppressedDestination's answer: <see cref="FakeSesReply.Accept"/> (200, no content) or an error such as <see cref="FakeSesReply.ServerError"/>.</summary>
    public FakeSesReply SuppressionReply { get; set; } = FakeSesReply.Accept;

    /// <summary>The container-credentials endpoint's answer: <see cref="FakeSesReply.Accept"/> or <see cref="FakeSesReply.ServerError"/>.</summary>
    public FakeSesReply ContainerCredentialsReply { get; set; } = FakeSesReply.Accept;

    private const string SendEmail = "SendEmail";

    public static async Task<FakeSes> StartAsync(FakeSesOptions? options = null)
    {
        var fake = new FakeSes(options ?? new FakeSesOptions());
        fake.host = await LoopbackHost.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>
    /// A <see cref="FakeSesOptions.Decide"/> that answers by the recipient's local part, named like a
    /// <see cref="FakeSesReply"/> in kebab case: <c>throttle@x</c>, <c>daily-quota-exceeded@x</c>, <c>accept@x</c>.
    /// </summary>
    public static FakeSesReply ByLocalPart(string to, int attempt)
    {
        var local = to[..to.IndexOf('@', StringComparison.Ordinal)].Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<FakeSesReply>(local, ignoreCase: true, out var reply)
            ? reply
            : throw new ArgumentException($"no FakeSesReply is named like the local part of {to}", nameof(to));
    }

    /// <summary>Another sender on the same account sends <paramref name="count"/> messages: they count against the 24-hour quota.</summary>
    public void OtherSenderSent(int count)
    {
        lock (quotaGate)
        {
            sentInWindow += count;
        }
    }

    /// <summary>The rolling 24 hours move on: <paramref name="count"/> messages sent earlier leave the window and free the quota again.</summary>
    public void WindowMovesOn(int count)
    {
        lock (quotaGate)
        {
            sentInWindow = Math.Max(0, sentInWindow - count);
        }
    }

    /// <summary>Waits until no SendEmail request is being answered (late answers included), while answers go out.</summary>
    public Task WaitIdleAsync() =>
        Progress.WaitAsync(
            () => (InFlight: Volatile.Read(ref inFlight), Received: requests.Count),
            now => now.InFlight == 0,
            now => now,
            now => $"the fake SES still answers {now.InFlight} requests");

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await host.DisposeAsync();
        stopping.Dispose();
    }

    private Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        return (request.Method, request.Path.Value) switch
        {
            ("POST", "/v2/email/outbound-emails") => SendEmailAsync(context),
            ("GET", "/v2/email/account") => GetAccountAsync(context),
            ("PUT", "/v2/email/suppression/addresses") => PutSuppressedDestinationAsync(context),
            ("POST", "/") => AssumeRoleWithWebIdentityAsync(context),
            ("GET", ContainerCredentialsPath) => ContainerCredentialsAsync(context),
            _ => NotFound(context),
        };
    }

    private async Task SendEmailAsync(HttpContext context)
    {
        Interlocked.Increment(ref inFlight);
        try
        {
            var body = await ReadBodyAsync(context);
            string to, from;
            string? configurationSet;
            using (var json = JsonDocument.Parse(body))
            {
                var root = json.RootElement;
                to = root.GetProperty("Destination").GetProperty("ToAddresses")[0].GetString()
                    ?? throw new InvalidOperationException("Destination.ToAddresses[0] is null");
                from = BareAddress(root.GetProperty("FromEmailAddress").GetString() ?? "");
                configurationSet = root.TryGetProperty("ConfigurationSetName", out var set) ? set.GetString() : null;
            }

            var attempt = attempts.AddOrUpdate(to, 1, (_, n) => n + 1);
            var reply = options.Decide(to, attempt);
            if (reply is FakeSesReply.Accept or FakeSesReply.AcceptLate && !TakeQuota())
            {
                reply = FakeSesReply.DailyQuotaExceeded;
            }

            var requestId = Record(context, SendEmail, to, attempt, reply, body);
            // Waits ignore the client going away: SES finishes what it received even when the caller is gone.
            switch (reply)
            {
                case FakeSesReply.Accept:
                    await Task.Delay(Random.Shared.Next((int)options.MinAcceptDelay.TotalMilliseconds, (int)options.MaxAcceptDelay.TotalMilliseconds + 1), stopping.Token);
                    delivered.Enqueue(to);
                    await WriteJsonAsync(context, 200, requestId, MessageId());
                    break;
                case FakeSesReply.AcceptLate:
                    delivered.Enqueue(to);
                    await Task.Delay(options.LateAnswerDelay, stopping.Token);
                    await WriteJsonAsync(context, 200, requestId, MessageId());
                    break;
                case FakeSesReply.Garbage:
                    context.Response.ContentType = "text/html";
                    await WriteAsync(context, 200, requestId, "<html>not json</html>");
                    break;
                case FakeSesReply.NoMessageId:
                    await WriteJsonAsync(context, 200, requestId, "{}");
                    break;
                case FakeSesReply.Abort:
                    context.Abort();
                    break;
                default:
                    await WriteErrorAsync(context, requestId, FakeSesAnswer.Error(reply, "ses:SendEmail", from, configurationSet));
                    break;
            }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task GetAccountAsync(HttpContext context)
    {
        var requestId = Record(context, "GetAccount", null, 0, AccountReply, await ReadBodyAsync(context));
        if (AccountReply != FakeSesReply.Accept)
        {
            await WriteErrorAsync(context, requestId, FakeSesAnswer.Error(AccountReply, "ses:GetAccount", "", null));
            return;
        }

        await WriteJsonAsync(context, 200, requestId, AccountJson ?? JsonSerializer.Serialize(new
        {
            EnforcementStatus = "HEALTHY",
            options.ProductionAccessEnabled,
            options.SendingEnabled,
            SendQuota = new { options.Max24HourSend, options.MaxSendRate, SentLast24Hours = SentLast24Hours() },
        }));
    }

    private async Task PutSuppressedDestinationAsync(HttpContext context)
    {
        var requestId = Record(context, "PutSuppressedDestination", null, 0, SuppressionReply, await ReadBodyAsync(context));
        if (SuppressionReply == FakeSesReply.Abort)
        {
            context.Abort();
            return;
        }

        if (SuppressionReply != FakeSesReply.Accept)
        {
            await WriteErrorAsync(context, requestId, FakeSesAnswer.Error(SuppressionReply, "ses:PutSuppressedDestination", "", null));
            return;
        }

        await WriteAsync(context, 200, requestId, "");
    }

    // STS speaks the AWS Query protocol: a form POST to "/" answered in XML.
    private async Task AssumeRoleWithWebIdentityAsync(HttpContext context)
    {
        var requestId = Record(context, "AssumeRoleWithWebIdentity", null, 0, StsReply, await ReadBodyAsync(context));
        context.Response.ContentType = "text/xml";
        if (StsReply != FakeSesReply.Accept)
        {
            await WriteAsync(context, 403, requestId, $"""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
                <Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>
                """);
            return;
        }

        await WriteAsync(context, 200, requestId, $"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>
            <Credentials><AccessKeyId>{TemporaryAccessKeyId}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey>
            <SessionToken>{TemporarySessionToken}</SessionToken><Expiration>{Expiration()}</Expiration></Credentials>
            <SubjectFromWebIdentityToken>system:serviceaccount:massemail:massemail</SubjectFromWebIdentityToken>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/massemail/test</Arn><AssumedRoleId>AROAFAKE:test</AssumedRoleId></AssumedRoleUser>
            </AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>
            """);
    }

    private async Task ContainerCredentialsAsync(HttpContext context)
    {
        var requestId = Record(context, "ContainerCredentials", null, 0, ContainerCredentialsReply, await ReadBodyAsync(context));
        if (ContainerCredentialsReply != FakeSesReply.Accept)
        {
            await WriteAsync(context, 500, requestId, "Internal Server Error");
            return;
        }

        await WriteJsonAsync(context, 200, requestId, JsonSerializer.Serialize(new
        {
            AccessKeyId = TemporaryAccessKeyId,
            SecretAccessKey = "fake-secret",
            Token = TemporarySessionToken,
            Expiration = Expiration(),
        }));
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    // SES names identities by their bare address: "Name" <a@b.c> → a@b.c.
    private static string BareAddress(string mailbox)
    {
        var open = mailbox.LastIndexOf('<');
        return open >= 0 && mailbox.EndsWith('>') ? mailbox[(open + 1)..^1] : mailbox;
    }

    // Taken when the answer is decided, so that parallel requests never accept more than the quota.
    private bool TakeQuota()
    {
        lock (quotaGate)
        {
            if (options.Max24HourSend >= 0 && sentInWindow + 1 > options.Max24HourSend)
            {
                return false;
            }

            sentInWindow++;
            return true;
        }
    }

    private double SentLast24Hours()
    {
        lock (quotaGate)
        {
            return sentInWindow;
        }
    }

    private static string Expiration() => DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private string Record(HttpContext context, string operation, string? to, int attempt, FakeSesReply reply, byte[] body)
    {
        var requestId = Guid.NewGuid().ToString();
        var headers = context.Request.Headers;
        requests.Enqueue(new FakeSesRequest(
            Stopwatch.GetTimestamp(), operation, context.Request.Method, context.Request.Path.Value ?? "", to, attempt, reply, requestId,
            headers.Authorization.FirstOrDefault(), headers["x-amz-date"].FirstOrDefault(), headers["x-amz-content-sha256"].FirstOrDefault(),
            headers["x-amz-security-token"].FirstOrDefault(), context.Request.ContentType, body));
        return requestId;
    }

    private static string MessageId() =>
        JsonSerializer.Serialize(new { MessageId = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) });

    private static Task WriteErrorAsync(HttpContext context, string requestId, FakeSesAnswer answer)
    {
        if (answer.ErrorTypeHeader is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = answer.ErrorTypeHeader;
        }

        return WriteJsonAsync(context, answer.Status, requestId, answer.Body);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string requestId, string json)
    {
        context.Response.ContentType = "application/json";
        return WriteAsync(context, status, requestId, json);
    }

    private static async Task WriteAsync(HttpContext context, int status, string requestId, string body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(body);
    }
}
