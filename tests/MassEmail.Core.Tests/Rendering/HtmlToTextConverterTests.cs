using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class HtmlToTextConverterTests
{
    [Theory]
    [InlineData("<p>One</p><p>Two</p>", "One\n\nTwo")]
    [InlineData("<div>One</div><div>Two</div>", "One\nTwo")]
    [InlineData("Line one<br>Line two<br/><br />Line four", "Line one\nLine two\n\nLine four")]
    [InlineData("<h1>Title</h1>Body", "Title\n\nBody")]
    [InlineData("  lots   of \n\t whitespace   ", "lots of whitespace")]
    [InlineData("<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &eacute;t&eacute;&nbsp;2024</p>", "Tom & Jerry <3 \"cheese\" été 2024")]
    [InlineData("<b>bold</b> and <i>italic</i>", "bold and italic")]
    [InlineData("<pre>  keep\n    this</pre>after", "  keep\n    this\n\nafter")]
    public void Convert_Blocks_BecomeReadableLines(string html, string expected)
    {
        Assert.Equal(expected, HtmlToTextConverter.Convert(html));
    }

    [Theory]
    [InlineData("<a href=\"https://x.test/jobs\">See jobs</a>", "See jobs (https://x.test/jobs)")]
    [InlineData("<a href=\"https://x.test\">https://x.test</a>", "https://x.test")]
    [InlineData("<a href=\"mailto:jo@x.test\">jo@x.test</a>", "jo@x.test")]
    [InlineData("<a href=\"#top\">Top</a>", "Top")]
    [InlineData("<a href=\"https://x.test\"><img src=\"logo.png\" alt=\"Logo\"></a>", "Logo (https://x.test)")]
    [InlineData("<a href=\"https://x.test\"><img src=\"logo.png\"></a>", "https://x.test")]
    [InlineData("Visit <a href=\"https://x.test\">our  site</a> today", "Visit our site (https://x.test) today")]
    public void Convert_Links_ShowTheirTargetWhenItDiffers(string html, string expected)
    {
        Assert.Equal(expected, HtmlToTextConverter.Convert(html));
    }

    [Fact]
    public void Convert_Lists_BecomeDashedItemsIndentedByDepth()
    {
        var html = "<p>Skills:</p><ul><li>C#</li><li>SQL<ul><li>Postgres</li></ul></li></ul><ol><li>First</li></ol>Done";

        Assert.Equal("Skills:\n\n- C#\n- SQL\n  - Postgres\n\n- First\n\nDone", HtmlToTextConverter.Convert(html));
    }

    [Fact]
    public void Convert_HeadStyleAndScript_AreDropped()
    {
        var html = "<html><head><title>T</title><style>.a { color: red }</style><script>var x = 1;</script></head>"
            + "<body><script>alert(1)</script><p>Visible</p><style>p{}</style><!-- comment --></body></html>";

        Assert.Equal("Visible", HtmlToTextConverter.Convert(html));
    }

    [Fact]
    public void Convert_LayoutTable_KeepsRowsOnLines()
    {
        var html = "<table><tr><td>Name</td><td>Zoë</td></tr><tr><td>Role</td><td>Chef</td></tr></table><p>End</p>";

        Assert.Equal("Name Zoë\nRole Chef\n\nEnd", HtmlToTextConverter.Convert(html));
    }

    [Fact]
    public void Convert_Empty_ReturnsEmpty()
    {
        Assert.Equal("", HtmlToTextConverter.Convert(""));
    }
}
