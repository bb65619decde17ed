using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

/// <summary>Builds Liquid templates and merge data for the rendering tests.</summary>
internal static class LiquidTestData
{
    public static readonly LiquidTemplateEngine Engine = new(new LiquidSandboxOptions());

    public static MergeData Data(
        IReadOnlyDictionary<string, object?>? record = null,
        IReadOnlyDictionary<string, object?>? owner = null,
        IReadOnlyDictionary<string, object?>? org = null) =>
        new(
            record ?? new Dictionary<string, object?> { ["first_name"] = "Zoë", ["email"] = "zoe@example.com" },
            owner ?? new Dictionary<string, object?> { ["first_name"] = "Omar", ["email"] = "omar@agency.test" },
            org ?? new Dictionary<string, object?> { ["name"] = "Acme Recruiting" },
            "https://mail.test/u/abc",
            "https://mail.test/p/abc");

    public static ICompiledTemplate Compile(string subject, string html, string? text = null, LiquidTemplateEngine? engine = null)
    {
        var result = (engine ?? Engine).Compile(new TemplateContent(subject, html, text, TemplateEngineKind.Liquid));
        Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Field} {i.Line}:{i.Column} {i.Message}")));
        return result.Template!;
    }

    public static async Task<RenderedMessage> RenderAsync(string subject, string html, string? text = null, MergeData? data = null) =>
        await Compile(subject, html, text).RenderAsync(data ?? Data(), CancellationToken.None);

    public static IReadOnlyList<TemplateSyntaxIssue> Issues(string subject, string html, string? text = null)
    {
        var result = Engine.Compile(new TemplateContent(subject, html, text, TemplateEngineKind.Liquid));
        Assert.False(result.Succeeded);
        Assert.Null(result.Template);
        return result.Issues;
    }
}
