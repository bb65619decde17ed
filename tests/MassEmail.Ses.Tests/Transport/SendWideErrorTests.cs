using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Mapping;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Transport;

/// <summary>
/// Issue 11 items 2, 3 and 5: errors that would fail every further message alike come back as AccountPaused with a
/// reason that says what is wrong and what to do, followed by SES's own words and request id.
/// </summary>
public sealed class SendWideErrorTests : IAsyncLifetime
{
    private FakeSes ses = null!;

    public async Task InitializeAsync() => ses = await FakeSes.StartAsync(new FakeSesOptions { Decide = FakeSes.ByLocalPart });

    public async Task DisposeAsync() => await ses.DisposeAsync();

    [Theory]
    [InlineData("configuration-set-not-found", "Amazon SES: the SES configuration set the messages name does not exist in this region (check Ses:ConfigurationSetName)", "SES NotFoundException (HTTP 404): Configuration set <marketing-sett> does not exist.")]
    [InlineData("not-verified", "Amazon SES: SES refused an address as not verified: the From address or its domain is not a verified SES identity in this region, or the account is in the SES sandbox (verified recipients only)", "SES MessageRejected (HTTP 400): Email address is not verified.")]
    [InlineData("mail-from-domain-not-verified", "Amazon SES: the custom MAIL FROM domain of the sending identity is not verified in SES", "SES MailFromDomainNotVerifiedException (HTTP 400)")]
    [InlineData("signature-expired", "Amazon SES: SES refused the request signature as expired or not yet valid: this server's clock is more than 5 minutes off", "SES InvalidSignatureException (HTTP 403): Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)")]
    [InlineData("signature-not-yet-current", "Amazon SES: SES refused the request signature as expired or not yet valid: this server's clock is more than 5 minutes off", "SES InvalidSignatureException (HTTP 403): Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)")]
    [InlineData("sending-paused", "Amazon SES: sending is paused for the SES account in this region", "SES SendingPausedException (HTTP 400)")]
    public async Task SendAsync_SendWideError_AccountPausedWithCauseSesWordsAndRequestId(string scenario, string cause, string sesWords)
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, configurationSet: "marketing-sett");

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To($"{scenario}@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.AccountPaused, result.Status);
        Assert.StartsWith(cause, result.Error);
        Assert.Contains(sesWords, result.Error, StringComparison.Ordinal);
        Assert.EndsWith($"[request id {Assert.Single(ses.Requests).RequestId}]", result.Error);
    }

    [Fact]
    public async Task SendAsync_DailyQuotaExceeded_QuotaExhaustedWithCauseSesWordsAndRequestId()
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress);

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("daily-quota-exceeded@example.com"), CancellationToken.None);

        // Core puts this after its own prefix, which says the send resumes by itself (ProviderQuotaResumer).
        Assert.Equal(SendStatus.QuotaExhausted, result.Status);
        Assert.Equal(
            "Amazon SES: the SES account's 24-hour sending quota is used up (SentLast24Hours reached Max24HourSend); raise the quota to go on sooner. "
            + $"SES LimitExceededException (HTTP 400): Daily message quota exceeded. [request id {Assert.Single(ses.Requests).RequestId}]",
            result.Error);
    }

    [Fact]
    public async Task SendAsync_IdenticalRejectionsInARow_PausesAtTheLimit()
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, maxIdenticalRejections: 3);
        var transport = services.GetRequiredService<IMailTransport>();

        var results = new List<SendResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await transport.SendAsync(Messages.To("message-rejected@example.com"), CancellationToken.None));
        }

        Assert.Equal([SendStatus.Rejected, SendStatus.Rejected, SendStatus.AccountPaused], results.Select(r => r.Status));
        Assert.StartsWith("SES rejected 3 messages from sender@example.com in a row with the same error", results[2].Error);
        Assert.Contains("SES MessageRejected (HTTP 400): Illegal address", results[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AcceptedMessageBetweenRejections_StreakStartsAgain()
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, maxIdenticalRejections: 2);
        var transport = services.GetRequiredService<IMailTransport>();

        var statuses = new List<SendStatus>();
        foreach (var to in new[] { "message-rejected@example.com", "accept@example.com", "message-rejected@example.com", "bad-request@example.com" })
        {
            statuses.Add((await transport.SendAsync(Messages.To(to), CancellationToken.None)).Status);
        }

        // Neither an acceptance in between nor a different error continues a streak.
        Assert.Equal([SendStatus.Rejected, SendStatus.Sent, SendStatus.Rejected, SendStatus.Rejected], statuses);
    }

    [Fact]
    public async Task SendAsync_NonAsciiHeaderValue_AccountPausedBeforeAnythingIsSent()
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress);
        var message = Messages.To("accept@example.com") with { Headers = [new MessageHeader("List-Unsubscribe", "<https://bücher.example/u/t>")] };

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.AccountPaused, result.Status);
        Assert.Equal(
            "The messages' custom headers break SES's rules (the value of List-Unsubscribe is not printable ASCII (e.g. a non-ASCII unsubscribe URL or mailbox): "
            + "\"<https://bücher.example/u/t>\"); check Sending:UnsubscribeBaseUrl and Sending:UnsubscribeMailto",
            result.Error);
        Assert.Empty(ses.AllRequests);
    }

    [Theory]
    [InlineData(16, "List-Id", 1, "16 custom headers; SES allows at most 15")]
    [InlineData(1, "Bad:Name", 1, "the header name \"Bad:Name\" is not 1 to 126 printable ASCII characters without ':'")]
    [InlineData(1, "X-Long", 871, "the value of X-Long has 871 characters; SES allows 1 to 870")]
    [InlineData(1, "X-Empty", 0, "the value of X-Empty has 0 characters; SES allows 1 to 870")]
    public void HeaderRules_BrokenRule_Named(int count, string name, int valueLength, string expected)
    {
        var headers = Enumerable.Range(0, count).Select(_ => new MessageHeader(name, new string('v', valueLength))).ToList();

        Assert.Equal(expected, SesHeaderRules.Problem(headers));
    }

    [Fact]
    public void HeaderRules_FifteenHeadersLongestNameAndValue_Pass()
    {
        // The limits of the current SES v2 model (MessageHeaderList max 15, MessageHeaderName max 126, MessageHeaderValue max 870).
        var headers = Enumerable.Range(0, 15).Select(i => new MessageHeader($"X-{i:D2}" + new string('n', 122), new string('v', 870))).ToList();

        Assert.Null(SesHeaderRules.Problem(headers));
    }

    [Fact]
    public void HeaderRules_UnsubscribeHeaders_Pass()
    {
        Assert.Null(SesHeaderRules.Problem(
        [
            new MessageHeader("List-Unsubscribe", "<https://mail.example.com/unsubscribe/k1.abc.def>, <mailto:unsubscribe@example.com?subject=unsubscribe%20k1>"),
            new MessageHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ]));
    }
}
