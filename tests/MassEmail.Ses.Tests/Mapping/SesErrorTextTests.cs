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

    [Fact]
    public void Describe_NoType_StatusOnly()
    {
        Assert.Equal("SES answered HTTP 502", SesErrorText.Describe(new SesApiError(502, null, "<html>")));
    }
}
