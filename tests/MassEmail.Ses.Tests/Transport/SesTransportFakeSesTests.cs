using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Transport;

/// <summary>
/// Every SES outcome the pipeline must tell apart, produced by a fake SES over real HTTP, through the
/// transport as registered by <c>AddSesTransport</c> (signing handler included).
/// </summary>
public sealed partial class SesTransportFakeSesTests : IAsyncLifetime
{
    // Short, for the timeout test; the other tests keep the default so a cold start (JIT, first
    // connection) on a busy CI machine cannot turn into a timeout.
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    // Far above the short timeout, so that the timeout can only come from the client.
    private static readonly TimeSpan SlowAnswerDelay = TimeSpan.FromSeconds(30);

    private FakeSes _ses = null!;
    private ServiceProvider _services = null!;

    private IMailTransport Transport => _services.GetRequiredService<IMailTransport>();

    public async Task InitializeAsync()
    {
        _ses = await FakeSes.StartAsync(new FakeSesOptions { Decide = FakeSes.ByLocalPart, MaxSendRate = 50, SentLast24Hours = 7, LateAnswerDelay = SlowAnswerDelay });
        _services = TestServices.ForEndpoint(_ses.BaseAddress, configurationSet: "marketing-set");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _ses.DisposeAsync();
    }

    [Theory]
    [InlineData("throttle", SendStatus.Throttled)]
    [InlineData("throttle-in-body", SendStatus.Throttled)]
    [InlineData("message-rejected", SendStatus.Rejected)]
    [InlineData("bad-request", SendStatus.Rejected)]
    [InlineData("server-error", SendStatus.TransientError)]
    [InlineData("unavailable", SendStatus.TransientError)]
    [InlineData("garbage", SendStatus.Unknown)]
    [InlineData("no-message-id", SendStatus.Unknown)]
    [InlineData("abort", SendStatus.Unknown)]
    // Errors that would fail every further message alike pause the send instead (see SendWideErrorTests).
    [InlineData("daily-quota-exceeded", SendStatus.QuotaExhausted)]
    [InlineData("not-verified", SendStatus.AccountPaused)]
    [InlineData("mail-from-domain-not-verified", SendStatus.AccountPaused)]
    [InlineData("configuration-set-not-found", SendStatus.AccountPaused)]
    [InlineData("sending-paused", SendStatus.AccountPaused)]
    [InlineData("account-suspended", SendStatus.AccountPaused)]
    [InlineData("unrecognized-client", SendStatus.AccountPaused)]
    [InlineData("signature-expired", SendStatus.AccountPaused)]
    [InlineData("signature-not-yet-current", SendStatus.AccountPaused)]
    [InlineData("access-denied", SendStatus.AccountPaused)]
    public async Task SendAsync_SesAnswer_MapsToStatus(string scenario, SendStatus expected)
    {
        var result = await Transport.SendAsync(Messages.To($"{scenario}@example.com"), CancellationToken.None);

        Assert.True(expected == result.Status, $"{result.Status}: {result.Error}");
        Assert.Null(result.MessageId);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Single(_ses.Requests);
    }

    [Fact]
    public async Task SendAsync_Accepted_SentWithMessageId()
    {
        var result = await Transport.SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Matches("^[0-9a-f]{32}$", result.MessageId);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanTimeout_UnknownAfterTimeout()
    {
        await using var services = TestServices.ForEndpoint(_ses.BaseAddress, ShortTimeout);
        var transport = services.GetRequiredService<IMailTransport>();
        // Warm up (JIT, connection) so the timeout below can only come from the slow answer.
        Assert.Equal(SendStatus.Sent, (await transport.SendAsync(Messages.To("accept@example.com"), CancellationToken.None)).Status);
        var clock = Stopwatch.StartNew();

        var result = await transport.SendAsync(Messages.To("accept-late@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.Unknown, result.Status);
        Assert.Equal("SES did not answer within 1 s.", result.Error);
        Assert.InRange(clock.Elapsed, ShortTimeout * 0.9, SlowAnswerDelay / 2);
        Assert.Equal(2, _ses.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsInsteadOfReportingUnknown()
    {
        await using var services = TestServices.ForEndpoint(_ses.BaseAddress, TimeSpan.FromSeconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept-late@example.com"), cts.Token));
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_TransientErrorBecauseNothingWasSent()
    {
        // A port nothing listens on: the connection is refused before the request is written.
        await using var services = TestServices.ForEndpoint(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.TransientError, result.Status);
        Assert.Equal("The request to SES failed (ConnectionError).", result.Error);
    }

    [Fact]
    public async Task SendAsync_ErrorTexts_CarryNoCredentialsNoLineBreaksAndTheRequestId()
    {
        var denied = await Transport.SendAsync(Messages.To("unrecognized-client@example.com"), CancellationToken.None);
        var rejected = await Transport.SendAsync(Messages.To("not-verified@example.com"), CancellationToken.None);

        // Authentication errors are named, not quoted; message errors are quoted on one line; both end with SES's request id.
        var ids = _ses.Requests.Select(r => r.RequestId).ToList();
        Assert.EndsWith($"SES UnrecognizedClientException (HTTP 403) [request id {ids[0]}]", denied.Error);
        Assert.EndsWith(
            "SES MessageRejected (HTTP 400): Email address is not verified. The following identities failed the check in region US-EAST-1: "
            + $"sender@example.com [request id {ids[1]}]",
            rejected.Error);
        foreach (var error in new[] { denied.Error!, rejected.Error! })
        {
            Assert.DoesNotContain("AKIA", error, StringComparison.Ordinal);
            Assert.DoesNotContain(TestCredentials.AccessKeyId, error, StringComparison.Ordinal);
            Assert.DoesNotContain(TestCredentials.SecretKey, error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error);
        }
    }

    [Fact]
    public async Task SendAsync_Request_IsSigV4SignedForSesWithTheBodyHash()
    {
        await Transport.SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        var request = Assert.Single(_ses.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/email/outbound-emails", request.Path);
        var authorization = SigV4Authorization().Match(request.Authorization ?? "");
        Assert.True(authorization.Success, request.Authorization);
        Assert.Equal(TestCredentials.AccessKeyId, authorization.Groups["key"].Value);
        Assert.Equal(DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), authorization.Groups["date"].Value);
        var signedHeaders = authorization.Groups["headers"].Value.Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);
        Assert.Contains("x-amz-content-sha256", signedHeaders);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z$", request.AmzDate);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(request.Body)), request.ContentSha256);
        Assert.StartsWith("application/json", request.ContentType);
    }

    [Fact]
    public async Task SendAsync_Request_CarriesEveryFieldInSesJson()
    {
        var message = new OutgoingMessage(
            From: new Mailbox("news@example.com", "Zoë's News"),
            ReplyTo: ["reply@example.com"],
            To: "accept@bücher.example",
            Subject: "Subject",
            HtmlBody: "<p>Hi</p>",
            TextBody: "Hi",
            Headers:
            [
                new MessageHeader("List-Unsubscribe", "<https://example.com/u/t>"),
                new MessageHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            Tags: new Dictionary<string, string> { ["organisation"] = "org 1", ["send_id"] = "send:42/é" });

        var result = await Transport.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        using var json = JsonDocument.Parse(Assert.Single(_ses.Requests).Body);
        var expected = JsonDocument.Parse("""
            {
              "FromEmailAddress": "=?UTF-8?B?Wm/DqydzIE5ld3M=?= <news@example.com>",
              "Destination": { "ToAddresses": ["accept@xn--bcher-kva.example"] },
              "ReplyToAddresses": ["reply@example.com"],
              "Content": { "Simple": {
                "Subject": { "Data": "Subject", "Charset": "UTF-8" },
                "Body": { "Text": { "Data": "Hi", "Charset": "UTF-8" }, "Html": { "Data": "<p>Hi</p>", "Charset": "UTF-8" } },
                "Headers": [
                  { "Name": "List-Unsubscribe", "Value": "<https://example.com/u/t>" },
                  { "Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click" }
                ] } },
              "EmailTags": [ { "Name": "organisation", "Value": "org_1" }, { "Name": "send_id", "Value": "send_42__" } ],
              "ConfigurationSetName": "marketing-set"
            }
            """);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, json.RootElement), json.RootElement.GetRawText());
    }

    [Fact]
    public async Task GetQuotaAsync_UnlimitedDailyQuota_ReturnsInfinity()
    {
        var quota = await Transport.GetQuotaAsync(CancellationToken.None);

        Assert.Equal(new TransportQuota(50, double.PositiveInfinity, 7), quota);
        var request = Assert.Single(_ses.AllRequests);
        Assert.Equal(("GET", "/v2/email/account"), (request.Method, request.Path));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=", request.Authorization);
    }

    [Fact]
    public async Task GetQuotaAsync_NoSendQuota_ThrowsSesApiException()
    {
        _ses.AccountJson = """{"SendingEnabled":false}""";

        var error = await Assert.ThrowsAsync<SesApiException>(() => Transport.GetQuotaAsync(CancellationToken.None));

        Assert.Equal("GetAccount answered without a SendQuota.", error.Message);
    }

    [Fact]
    public async Task GetQuotaAsync_SesUnreachable_ThrowsSesApiException()
    {
        await using var services = TestServices.ForEndpoint(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var error = await Assert.ThrowsAsync<SesApiException>(
            () => services.GetRequiredService<IMailTransport>().GetQuotaAsync(CancellationToken.None));

        Assert.Null(error.HttpStatus);
        Assert.StartsWith("GetAccount failed: ", error.Message);
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<date>[0-9]{8})/us-east-1/ses/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4Authorization();
}
