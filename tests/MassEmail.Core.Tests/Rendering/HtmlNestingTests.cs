using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

/// <summary>
/// HTML nested past what the HTML parser handles in linear time gets its text by a plain strip: a 512 KiB
/// body of nested elements used to keep CreateTemplate busy for minutes deriving its text part.
/// </summary>
public sealed class HtmlNestingTests
{
    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<ul><li>", "</li></ul>")]
    [InlineData("<b><i>", "</i></b>")]
    [InlineData("<table><tr><td>", "</td></tr></table>")]
    public void Convert_BodyOfHalfAMegabyteNestedDeep_IsStrippedToItsText(string open, string close)
    {
        var depth = 512 * 1024 / (open.Length + close.Length);
        var html = string.Concat(Enumerable.Repeat(open, depth)) + "Hello &amp; welcome" + string.Concat(Enumerable.Repeat(close, depth));

        Assert.True(HtmlNesting.Deepest(html) > HtmlNesting.MaxParsedDepth);
        Assert.Equal("Hello & welcome", HtmlToTextConverter.Convert(html));
    }

    [Fact]
    public void Convert_EmailNestedAsDeepAsRealOnes_KeepsItsLayout()
    {
        var cell = "<p>First</p><p>Second <a href=\"https://example.com/x\">link</a></p>";
        var html = string.Concat(Enumerable.Repeat("<table><tr><td>", 20)) + cell + string.Concat(Enumerable.Repeat("</td></tr></table>", 20));

        Assert.InRange(HtmlNesting.Deepest(html), 60, HtmlNesting.MaxParsedDepth);
        Assert.Equal("First\n\nSecond link (https://example.com/x)", HtmlToTextConverter.Convert(html));
    }

    [Theory]
    [InlineData("<p>a<br>b<img src=x><hr/>c</p>", 1)]
    [InlineData("<div><div></div><div><span>x</span></div></div>", 3)]
    [InlineData("<!-- <div><div><div> --><p>x</p>", 1)]
    [InlineData("text only", 0)]
    [InlineData("<", 0)]
    public void Deepest_CountsOpenElements_NotVoidOnesOrComments(string html, int expected) =>
        Assert.Equal(expected, HtmlNesting.Deepest(html));
}
