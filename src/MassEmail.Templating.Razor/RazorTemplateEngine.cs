using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MassEmail.Core.Templates.Rendering;
using RazorLight;

namespace MassEmail.Templating.Razor;

/// <summary>
/// Compiles Razor templates with RazorLight. Razor runs arbitrary C# in the server process, so
/// this engine is registered only when the operator enables it (<c>Templates:AllowRazor</c>) for
/// trusted internal callers. Each part sees a <see cref="RazorTemplateModel"/> as <c>Model</c>;
/// the HTML body encodes <c>@</c> output, subject and text do not.
/// </summary>
/// <remarks>
/// Compiling is slow (the first compile in a process ~2 s, then a fraction of that per part) and
/// every compiled part is an assembly that stays loaded for the life of the process, so cache
/// compiled templates (<see cref="CompiledTemplateCache"/>) rather than compiling per send.
/// Identical part sources share one compilation.
/// </remarks>
public sealed class RazorTemplateEngine : ITemplateEngine
{
    // Prepended to every part so Model is typed: a misspelt member is a compile error, not a
    // failure at send time. RazorCompileErrors shifts positions back by this one line.
    private static readonly string ModelDirective = $"@model {typeof(RazorTemplateModel).FullName}\n";

    // Encodes merge values in HTML but leaves letters of every script readable (Zoë, not Zo&#xEB;), as Liquid does.
    private static readonly HtmlEncoder HtmlEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly InMemoryRazorProject project = new();
    private readonly RazorLightEngine engine;

    public RazorTemplateEngine()
    {
        engine = new RazorLightEngineBuilder()
            .UseProject(project)
            // Compile against this assembly's references, not the entry assembly's, which under a
            // test host or another host may not have been built with PreserveCompilationContext.
            .SetOperatingAssembly(typeof(RazorTemplateEngine).Assembly)
            .AddPrerenderCallbacks(page =>
            {
                if (page is TemplatePageBase templatePage)
                {
                    templatePage.HtmlEncoder = HtmlEncoder;
                }
            })
            .Build();
    }

    public TemplateEngineKind Kind => TemplateEngineKind.Razor;

    public CompileResult Compile(TemplateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var issues = new List<TemplateSyntaxIssue>();
        var subject = CompilePart(TemplateFields.Subject, content.Subject, encodeHtml: false, issues);
        var html = CompilePart(TemplateFields.HtmlBody, content.HtmlBody, encodeHtml: true, issues);
        var text = string.IsNullOrEmpty(content.TextBody)
            ? null
            : CompilePart(TemplateFields.TextBody, content.TextBody, encodeHtml: false, issues);

        return subject is not null && html is not null && issues.Count == 0
            ? new CompileResult(new RazorCompiledTemplate(engine, subject, html, text), [])
            : new CompileResult(null, issues);
    }

    private RazorPart? CompilePart(string field, string? source, bool encodeHtml, List<TemplateSyntaxIssue> issues)
    {
        source ??= "";
        var compiledSource = ModelDirective + source;
        // Keyed by content: RazorLight caches compilations (and failures) by key for good.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(compiledSource)));
        project.Add(key, compiledSource);
        try
        {
            // RazorLight compiles synchronously inside its async API; the wait only blocks while
            // another thread compiles the same source.
            var descriptor = engine.Handler.Compiler.CompileAsync(key).GetAwaiter().GetResult();
            return new RazorPart(field, engine.Handler.FactoryProvider.CreateFactory(descriptor), encodeHtml);
        }
        catch (Exception ex) when (RazorCompileErrors.TryConvert(field, source, ex, out var partIssues))
        {
            issues.AddRange(partIssues);
            return null;
        }
    }
}
