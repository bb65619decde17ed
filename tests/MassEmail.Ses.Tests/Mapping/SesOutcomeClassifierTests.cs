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
    [InlineData(400, "MailFromDomainNotVerifiedException", SendStatus.Rejected)]
    [InlineData(400, "BadRequestException", SendStatus.Rejected)]
    [InlineData(404, "NotFoundException", SendStatus.Rejected)]
    [InlineData(413, null, SendStatus.Rejected)]
    [InlineData(500, "InternalFailure", SendStatus.TransientError)]
    [InlineData(503, "ServiceUnavailable", SendStatus.TransientError)]
    [InlineData(502, null, SendStatus.TransientError)]
    [InlineData(302, null, SendStatus.TransientError)]
    [InlineData(400, "messagerejected", SendStatus.Rejected)]
    [InlineData(500, "MessageRejected", SendStatus.Rejected)]
    public void Classify_ErrorTypeWinsOverStatus(int httpStatus, string? errorType, SendStatus expected)
    {
        Assert.Equal(expected, SesOutcomeClassifier.Classify(new SesApiError(httpStatus, errorType, null)));
    }
}
