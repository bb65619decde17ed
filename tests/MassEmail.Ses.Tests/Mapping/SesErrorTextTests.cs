using MassEmail.Ses.Api;
using MassEmail.Ses.Mapping;

namespace MassEmail.Ses.Tests.Mapping;

public sealed class SesErrorTextTests
{
    [Fact]
    public void Describe_MessageError_QuotesCleanedMessage()
    {
        var text = SesErrorText.Describe(new SesApiError(400, "MessageRejected", "Email address is not verified.\r\n\tsender@example.com"));

        Assert.Equal("SES MessageRejected (HTTP 400): Email address is not verified. sender@example.com", text);
    }

    [Fact]
    public void Describe_AuthError_NamesTypeOnly()
    {
        var text = SesErrorText.Describe(new SesApiError(403, "SignatureDoesNotMatch", "The canonical string ... AKIAIOSFODNN7EXAMPLE"));

        Assert.Equal("SES SignatureDoesNotMatch (HTTP 403)", text);
    }

    [Fact]
    public void Describe_MessageWithKeyId_Redacted()
    {
        var text = SesErrorText.Describe(new SesApiError(400, "BadRequestException", "bad key ASIAQWERTYUIOPASDFGH in request"));

        Assert.Equal("SES BadRequestException (HTTP 400): bad key [redacted] in request", text);
    }

    [Fact]
    public void Describe_LongMessage_Shortened()
    {
        var text = SesErrorText.Describe(new SesApiError(400, "MessageRejected", new string('x', 1000)));

        Assert.Equal("SES MessageRejected (HTTP 400): ".Length + 301, text.Length);
    }

    [Theory]
    [InlineData("Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)")]
    [InlineData("Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)")]
    public void Describe_ClockSkew_KeepsTheTimestamps(string message)
    {
        var text = SesErrorText.Describe(new SesApiError(403, "InvalidSignatureException", message));

        Assert.Equal("SES InvalidSignatureException (HTTP 403): " + message, text);
    }

    [Fact]
    public void Describe_RequestId_Appended()
    {
        var text = SesErrorText.Describe(new SesApiError(400, "MessageRejected", "Illegal address", "6d0f7c1e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"));

        Assert.Equal("SES MessageRejected (HTTP 400): Illegal address [request id 6d0f7c1e-1b2a-4c3d-9e8f-0a1b2c3d4e5f]", text);
    }

    [Fact]
    public void Describe_RequestIdWithInjection_KeepsIdentifierCharactersOnly()
    {
        var text = SesErrorText.Describe(new SesApiError(500, null, null, "abc\r\nX-Evil: 1"));

        Assert.Equal("SES answered HTTP 500 [request id abcX-Evil1]", text);
    }

    [Fact]
    public void Describe_NoType_StatusOnly()
    {
        Assert.Equal("SES answered HTTP 502", SesErrorText.Describe(new SesApiError(502, null, "<html>")));
    }
}
