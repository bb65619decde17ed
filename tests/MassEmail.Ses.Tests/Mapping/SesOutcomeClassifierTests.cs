using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api;
using MassEmail.Ses.Mapping;

namespace MassEmail.Ses.Tests.Mapping;

public sealed class SesOutcomeClassifierTests
{
    [Theory]
    [InlineData(429, "TooManyRequestsException", SendStatus.Throttled)]
    [InlineData(400, "LimitExceededException", SendStatus.Throttled)]
    [InlineData(400, "ThrottlingException", SendStatus.Throttled)]
    [InlineData(429, null, SendStatus.Throttled)]
    [InlineData(400, "SendingPausedException", SendStatus.AccountPaused)]
    [InlineData(400, "AccountSuspendedException", SendStatus.AccountPaused)]
    [InlineData(403, "AccessDeniedException", SendStatus.AccountPaused)]
    [InlineData(400, "RequestExpired", SendStatus.AccountPaused)]
    [InlineData(403, null, SendStatus.AccountPaused)]
    [InlineData(400, "MessageRejected", SendStatus.Rejected)]
    [InlineData(400, "MailFromDomainNotVerifiedException", SendStatus.AccountPaused)]
    [InlineData(400, "BadRequestException", SendStatus.Rejected)]
    [InlineData(404, "NotFoundException", SendStatus.AccountPaused)]
    [InlineData(413, null, SendStatus.Rejected)]
    [InlineData(500, "InternalFailure", SendStatus.TransientError)]
    [InlineData(503, "ServiceUnavailable", SendStatus.TransientError)]
    [InlineData(502, null, SendStatus.TransientError)]
    [InlineData(302, null, SendStatus.TransientError)]
    [InlineData(400, "messagerejected", SendStatus.Rejected)]
    [InlineData(500, "MessageRejected", SendStatus.Rejected)]
    public void Classify_ErrorTypeWinsOverStatus(int httpStatus, string? errorType, SendStatus expected)
    {
        Assert.Equal(expected, SesOutcomeClassifier.Classify(new SesApiError(httpStatus, errorType, null)).Status);
    }

    [Theory]
    [InlineData(400, "LimitExceededException")]
    [InlineData(429, "TooManyRequestsException")]
    [InlineData(400, "Throttling")]
    [InlineData(400, null)]
    public void Classify_DailyQuotaExceeded_QuotaExhaustedWhateverTheType(int httpStatus, string? errorType)
    {
        var outcome = SesOutcomeClassifier.Classify(new SesApiError(httpStatus, errorType, "Daily message quota exceeded."));

        Assert.Equal(SendStatus.QuotaExhausted, outcome.Status);
        Assert.StartsWith("the SES account's 24-hour sending quota is used up", outcome.Cause);
    }

    [Fact]
    public void Classify_MessageRejectedNotVerified_PausesNamingFromAndSandbox()
    {
        var outcome = SesOutcomeClassifier.Classify(new SesApiError(400, "MessageRejected",
            "Email address is not verified. The following identities failed the check in region EU-WEST-1: news@example.com"));

        Assert.Equal(SendStatus.AccountPaused, outcome.Status);
        Assert.Contains("From address", outcome.Cause, StringComparison.Ordinal);
        Assert.Contains("sandbox", outcome.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)")]
    [InlineData("Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)")]
    public void Classify_ClockSkew_PausesNamingTheClock(string message)
    {
        var outcome = SesOutcomeClassifier.Classify(new SesApiError(403, "InvalidSignatureException", message));

        Assert.Equal(SendStatus.AccountPaused, outcome.Status);
        Assert.Contains("clock", outcome.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_PerMessageErrors_HaveNoCause()
    {
        Assert.Null(SesOutcomeClassifier.Classify(new SesApiError(400, "MessageRejected", "Illegal address")).Cause);
        Assert.Null(SesOutcomeClassifier.Classify(new SesApiError(429, "TooManyRequestsException", "Maximum sending rate exceeded.")).Cause);
    }
}
