using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Templating.Razor.Tests;

// Each Razor compile costs a Roslyn compilation, so the tests are few and share one engine.
public sealed class RazorTemplateEngineTests(RazorEngineFixture fixture) : IClassFixture<RazorEngineFixture>
{
    private readonly RazorTemplateEngine engine = fixture.Engine;

    [Fact]
    public async Task Render_MergeValues_AppearInAllParts()
    {
        var template = Compile(
            "Hello @Model.Record[\"first_name\"]",
            "<p>Hi @Model.Record[\"first_name\"] from @Model.Org[\"name\"]</p><a href=\"@Model.UnsubscribeUrl\">Unsubscribe</a>",
            "Hi @Model.Record[\"first_name\"] & @Model.Owner.GetValueOrDefault(\"missing\", \"friends\")");

        var message = await template.RenderAsync(Data(firstName: "Zoë & Co"), CancellationToken.None);

        Assert.Equal("Hello Zoë & Co", message.Subject);
        Assert.Equal(
            "<p>Hi Zoë &amp; Co from Acme</p><a href=\"https://example.test/u/1\">Unsubscribe</a>",
            message.HtmlBody);
        Assert.Equal("Hi Zoë & Co & friends", message.TextBody);
    }

    [Fact]
    public async Task Render_ScriptInMergeValue_EncodedInHtmlOnly()
    {
        var template = Compile("@Model.Record[\"first_name\"]", "<p>@Model.Record[\"first_name\"]</p>", "@Model.Record[\"first_name\"]");

        var message = await template.RenderAsync(Data(firstName: "<script>alert(1)</script>"), CancellationToken.None);

        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", message.HtmlBody);
        Assert.Equal("<script>alert(1)</script>", message.Subject);
        Assert.Equal("<script>alert(1)</script>", message.TextBody);
    }

    [Fact]
    public async Task Render_LineBreaksInMergeValue_NeverReachSubject()
    {
        var template = Compile("Hi @Model.Record[\"first_name\"]!", "<p>x</p>", "x");

        var message = await template.RenderAsync(Data(firstName: "Ann\r\nBcc: victim@example.test\u2028x"), CancellationToken.None);

        Assert.Equal("Hi Ann Bcc: victim@example.test x!", message.Subject);
    }

    [Fact]
    public async Task Render_NoTextBody_TextDerivedFromRenderedHtml()
    {
        var template = Compile(
            "s",
            "<h1>Hi @Model.Record[\"first_name\"]</h1><p><a href=\"@Model.PreferencesUrl\">Preferences</a></p>",
            textBody: null);

        var message = await template.RenderAsync(Data(firstName: "Ann"), CancellationToken.None);

        Assert.Equal("Hi Ann\n\nPreferences (https://example.test/p/1)", message.TextBody);
    }

    [Fact]
    public async Task Render_ManyRecipientsConcurrently_EachGetsOwnValues()
    {
        var template = Compile("To @Model.Record[\"first_name\"]", "<b>@Model.Record[\"first_name\"]</b>", null);
        var names = Enumerable.Range(0, 64).Select(i => $"Name{i}").ToList();

        var messages = await Task.WhenAll(names.Select(name => Task.Run(
            async () => await template.RenderAsync(Data(name), CancellationToken.None))));

        Assert.Equal(names.Select(n => ("To " + n, $"<b>{n}</b>", n)), messages.Select(m => (m.Subject, m.HtmlBody, m.TextBody)));
    }

    [Fact]
    public async Task Render_TemplateThrows_TemplateRenderException()
    {
        var template = Compile("s", "<p>@Model.Record[\"no_such_field\"]</p>", "t");

        var ex = await Assert.ThrowsAsync<TemplateRenderException>(
            async () => await template.RenderAsync(Data(firstName: "Ann"), CancellationToken.None));

        Assert.Contains("html_body", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SyntaxErrors_ReportedAsIssuesWithPositions()
    {
        var result = engine.Compile(new TemplateContent(
            "ok",
            "<p>line 1</p>\n<p>Hi, @Model.Recrod</p>",
            "line 1\n  @{ var x = 1;",
            TemplateEngineKind.Razor));

        Assert.False(result.Succeeded);
        Assert.Collection(
            result.Issues,
            html =>
            {
                Assert.Equal(("html_body", 2, 15), (html.Field, html.Line, html.Column));
                Assert.Contains("Recrod", html.Message, StringComparison.Ordinal);
            },
            text =>
            {
                Assert.Equal(("text_body", 2, 4), (text.Field, text.Line, text.Column));
                Assert.Contains("missing a closing \"}\"", text.Message, StringComparison.Ordinal);
            });
    }

    private ICompiledTemplate Compile(string subject, string htmlBody, string? textBody)
    {
        var result = engine.Compile(new TemplateContent(subject, htmlBody, textBody, TemplateEngineKind.Razor));
        Assert.Empty(result.Issues);
        return result.Template!;
    }

    private static MergeData Data(string firstName) => new(
        new Dictionary<string, object?> { ["first_name"] = firstName },
        new Dictionary<string, object?> { ["name"] = "Owen" },
        new Dictionary<string, object?> { ["name"] = "Acme" },
        "https://example.test/u/1",
        "https://example.test/p/1");
}
