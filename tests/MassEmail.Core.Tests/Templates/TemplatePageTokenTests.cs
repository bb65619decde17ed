using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.Templates;

public sealed class TemplatePageTokenTests
{
    [Fact]
    public void Decode_EncodedToken_RoundTrips()
    {
        var filter = TemplatePageToken.Fingerprint("f", "welcome");
        var token = new TemplatePageToken("welcome ü", Ids.New(), filter);
        Assert.Equal(token, TemplatePageToken.Decode(token.Encode(), filter));
    }

    [Fact]
    public void Decode_TokenOfOtherFilters_IsRefused()
    {
        var token = new TemplatePageToken("a", Ids.New(), TemplatePageToken.Fingerprint(null, null)).Encode();
        var e = Assert.Throws<ValidationException>(() => TemplatePageToken.Decode(token, TemplatePageToken.Fingerprint(null, "x")));
        Assert.Equal("page_token", e.Violations.Single().Field);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("e30")]
    [InlineData("eyJOYW1lS2V5IjoiYSIsIklkIjoiLi4vIiwiRmlsdGVyIjoiIn0")]
    public void Decode_Malformed_IsRefused(string token) =>
        Assert.Throws<ValidationException>(() => TemplatePageToken.Decode(token, ""));

    [Fact]
    public void Decode_Empty_IsFirstPage() => Assert.Null(TemplatePageToken.Decode("", ""));
}
