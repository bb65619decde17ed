using MassEmail.Ses.Api;

namespace MassEmail.Ses.Tests.Mapping;

public sealed class SesErrorReaderTests
{
    [Theory]
    [InlineData("TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.service/", "TooManyRequestsException")]
    [InlineData("aws.sesv2#MessageRejected", "MessageRejected")]
    [InlineData("com.amazon.coral.service#UnrecognizedClientException:http://internal.amazon.com/", "UnrecognizedClientException")]
    [InlineData(" MessageRejected ", "MessageRejected")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_DecoratedErrorType_BareCode(string? raw, string? expected)
    {
        Assert.Equal(expected, SesErrorReader.Normalize(raw));
    }

    [Fact]
    public void Read_HeaderAndBody_HeaderTypeWinsAndBodyGivesMessage()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "SendingPausedException:http://internal.amazon.com/");

        var error = SesErrorReader.Read(400, response.Headers, """{"__type":"Other","message":"paused"}"""u8.ToArray());

        Assert.Equal(new SesApiError(400, "SendingPausedException", "paused"), error);
    }

    [Fact]
    public void Read_RequestIdHeader_Kept()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "a1b2c3d4-0000-1111-2222-333344445555");

        var error = SesErrorReader.Read(400, response.Headers, """{"message":"m"}"""u8.ToArray());

        Assert.Equal("a1b2c3d4-0000-1111-2222-333344445555", error.RequestId);
    }

    [Theory]
    [InlineData("""{"code":"MessageRejected","Message":"m"}""", "MessageRejected", "m")]
    [InlineData("""{"type":"BadRequestException","message":"Bad Request Exception"}""", "BadRequestException", "Bad Request Exception")]
    [InlineData("<html>502 Bad Gateway</html>", null, null)]
    [InlineData("", null, null)]
    [InlineData("[1,2]", null, null)]
    public void Read_BodyOnly_TypeAndMessageFromBody(string body, string? type, string? message)
    {
        using var response = new HttpResponseMessage();

        var error = SesErrorReader.Read(400, response.Headers, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(new SesApiError(400, type, message), error);
    }
}
