using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class LiquidSyntaxIssueTests
{
    [Fact]
    public void Compile_ErrorsInEveryPart_ReportsEachFieldWithLineAndColumn()
    {
        var issues = LiquidTestData.Issues(
            "Hello {{ record.first_name ",
            "<p>ok</p>\n<p>\n  {{ record.email | }}</p>",
            "line one\nline two {% if record.x %}\nno end");

        Assert.Collection(
            issues,
            i => Assert.Equal(new TemplateSyntaxIssue("subject", 1, 27, "End of tag '}}' was expected"), i),
            i => Assert.Equal(new TemplateSyntaxIssue("html_body", 3, 20, "An identifier was expected after the '|' sign"), i),
            i => Assert.Equal(new TemplateSyntaxIssue("text_body", 3, 7, "'{% endif %}' was expected"), i));
    }

    [Fact]
    public void Compile_UnknownTag_ReportsPositionWithoutSourceExcerpt()
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", "a\r\nb\r\n   {% frobnicate %}"));

        Assert.Equal("html_body", issue.Field);
        Assert.Equal(3, issue.Line);
        Assert.Equal(17, issue.Column);
        Assert.Equal("Unknown tag 'frobnicate'", issue.Message);
    }

    [Fact]
    public void Compile_ErrorAfterZohoFieldOnSameLine_ReportsAuthorsColumn()
    {
        // ${Candidates.First Name} (24 chars) becomes {{ record['first_name'] }} (26 chars):
        // the column must count what the author wrote.
        var issue = Assert.Single(LiquidTestData.Issues("${Candidates.First Name} {{ x | }}", "<p>ok</p>"));

        Assert.Equal(new TemplateSyntaxIssue("subject", 1, 32, "An identifier was expected after the '|' sign"), issue);
    }

    [Fact]
    public void Compile_UnknownZohoModule_ReportsIssueAtTheField()
    {
        var issues = LiquidTestData.Issues(
            "ok",
            "<p>Hi ${Candidates.First Name}</p>\n<p>From ${Deals.Amount} and ${Nonsense}</p>");

        Assert.Collection(
            issues,
            i =>
            {
                Assert.Equal(("html_body", 2, 9), (i.Field, i.Line, i.Column));
                Assert.Contains("Unknown merge field module 'Deals'", i.Message, StringComparison.Ordinal);
            },
            i =>
            {
                Assert.Equal(("html_body", 2, 29), (i.Field, i.Line, i.Column));
                Assert.Contains("Unknown merge field '${Nonsense}'", i.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Compile_ZohoIssueAndLiquidErrorInOneField_ReportsBothInOrder()
    {
        var issues = LiquidTestData.Issues("ok", "{{ x | }}\n${Deals.Amount}");

        Assert.Equal([(1, 7), (2, 1)], issues.Select(i => (i.Line, i.Column)));
    }

    [Fact]
    public void Compile_LiquidTagInsideHtmlAttribute_ReportsDerivedTextProblemOnHtmlBody()
    {
        var html = "<p>Hi</p>\n<div {% if record.vip %}class=\"vip\">VIP</div>{% endif %}";

        var issue = Assert.Single(LiquidTestData.Issues("ok", html));

        Assert.Equal(("html_body", 2, 6), (issue.Field, issue.Line, issue.Column));
        Assert.Contains("plain-text version", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LiquidTagInsideHtmlAttributeWithTextBody_Succeeds()
    {
        var result = LiquidTestData.Engine.Compile(new TemplateContent(
            "ok", "<div {% if record.vip %}class=\"vip\"{% endif %}>VIP</div>", "VIP", TemplateEngineKind.Liquid));

        Assert.True(result.Succeeded);
        Assert.Empty(result.Issues);
    }

    [Theory]
    [InlineData("{% @ %}", "Unknown tag 'aaa")]
    [InlineData("${@}", "Unknown merge field '${aaa")]
    [InlineData("${@.Name}", "Unknown merge field module 'aaa")]
    public void Compile_HugeNameInTheTemplate_IsQuotedShortened(string shape, string start)
    {
        var issue = Assert.Single(LiquidTestData.Issues("ok", shape.Replace("@", new string('a', 100_000), StringComparison.Ordinal)));

        Assert.StartsWith(start, issue.Message, StringComparison.Ordinal);
        Assert.Contains(" characters)'", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 101), issue.Message, StringComparison.Ordinal);
        Assert.InRange(issue.Message.Length, 1, 400);
    }
}
