using Fluid;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Compiles user-authored Liquid (Fluid) templates inside a sandbox (see <see cref="LiquidSandboxOptions"/>).
/// Zoho-style merge fields are translated first; a missing text body is derived from the HTML body
/// here, once, rather than for every recipient.
/// </summary>
public sealed class LiquidTemplateEngine : ITemplateEngine
{
    private readonly LiquidSandbox sandbox;

    public LiquidTemplateEngine(LiquidSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        sandbox = new LiquidSandbox(options);
    }

    public TemplateEngineKind Kind => TemplateEngineKind.Liquid;

    public CompileResult Compile(TemplateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var issues = new List<TemplateSyntaxIssue>();
        var subject = Parse(LiquidFields.Subject, content.Subject, issues, out _);
        var html = Parse(LiquidFields.HtmlBody, content.HtmlBody, issues, out var translatedHtml);
        var text = string.IsNullOrEmpty(content.TextBody)
            ? DeriveText(html, translatedHtml, issues)
            : Parse(LiquidFields.TextBody, content.TextBody, issues, out _);

        return subject is not null && html is not null && text is not null && issues.Count == 0
            ? new CompileResult(new LiquidCompiledTemplate(sandbox, subject, html, text), [])
            : new CompileResult(null, issues);
    }

    private IFluidTemplate? Parse(string field, string source, List<TemplateSyntaxIssue> issues, out TranslatedSource translated)
    {
        var translation = ZohoMergeFieldTranslator.Translate(source ?? "");
        translated = translation;
        var fieldIssues = translation.Issues
            .Select(issue => (Position: TextPosition.ToLineColumn(translation.Original, issue.Offset), issue.Message, TooDeep: false))
            .ToList();

        IFluidTemplate? parsed = null;
        if (sandbox.TryParse(translation.Text, out var template, out var error))
        {
            parsed = template;
        }
        else
        {
            var (line, column, message) = FluidErrorMessage.Parse(error.Message);
            fieldIssues.Add((translation.ToOriginalPosition(TextPosition.ToOffset(translation.Text, line, column)), message, error.TooDeep));
        }

        issues.AddRange(fieldIssues
            .OrderBy(issue => issue.Position)
            .Select(issue => new TemplateSyntaxIssue(field, issue.Position.Line, issue.Position.Column, issue.Message, issue.TooDeep)));
        return parsed;
    }

    private IFluidTemplate? DeriveText(IFluidTemplate? html, TranslatedSource translatedHtml, List<TemplateSyntaxIssue> issues)
    {
        if (html is null)
        {
            // The HTML body's own issues are already reported; a derived text would only repeat them.
            return null;
        }

        var (text, dropped) = TextBodyDeriver.Derive(translatedHtml.Text);
        if (sandbox.TryParse(text, out var template, out var error))
        {
            return template;
        }

        // Liquid tags inside HTML tag markup (attributes) do not survive the conversion, which
        // can leave a block such as {% if %} without its end in the text.
        var (line, column) = dropped.Count > 0 ? translatedHtml.ToOriginalPosition(dropped[0]) : (1, 1);
        issues.Add(new TemplateSyntaxIssue(
            LiquidFields.HtmlBody,
            line,
            column,
            $"The plain-text version derived from the HTML body is not valid Liquid ({FluidErrorMessage.Parse(error.Message).Message}); " +
            "move Liquid tags out of HTML attributes or provide a text body.",
            error.TooDeep));
        return null;
    }
}
