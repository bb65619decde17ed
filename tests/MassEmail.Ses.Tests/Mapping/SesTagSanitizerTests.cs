using MassEmail.Ses.Api.Model;
using MassEmail.Ses.Mapping;

namespace MassEmail.Ses.Tests.Mapping;

public sealed class SesTagSanitizerTests
{
    [Theory]
    [InlineData("org-1_A", "org-1_A")]
    [InlineData("send:42/x", "send_42_x")]
    [InlineData("user@example.com", "user_example_com")]
    [InlineData("Zoë", "Zo_")]
    [InlineData("", "_")]
    public void Sanitize_Value_OnlyCharactersSesAccepts(string value, string expected)
    {
        Assert.Equal(expected, SesTagSanitizer.Sanitize(value));
    }

    [Fact]
    public void Sanitize_LongValue_CutTo256()
    {
        Assert.Equal(new string('a', 256), SesTagSanitizer.Sanitize(new string('a', 300)));
    }

    [Fact]
    public void ToTags_NamesThatSanitiseAlike_KeepsTheFirst()
    {
        var tags = SesTagSanitizer.ToTags(new Dictionary<string, string> { ["send id"] = "1", ["send:id"] = "2", ["org"] = "o" });

        Assert.Equal([new SesMessageTag("send_id", "1"), new SesMessageTag("org", "o")], tags);
    }

    [Fact]
    public void ToTags_None_Null()
    {
        Assert.Null(SesTagSanitizer.ToTags(new Dictionary<string, string>()));
    }
}
