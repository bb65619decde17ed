using MassEmail.Core.Templates.Rendering;
using Microsoft.AspNetCore.Razor.Language;
using RazorLight.Compilation;
using RazorLight.Generation;

namespace MassEmail.Templating.Razor;

/// <summary>
/// Turns RazorLight's compile failures into <see cref="TemplateSyntaxIssue"/>s. Razor markup
/// errors come as <see cref="TemplateGenerationException"/>, C# errors as
/// <see cref="TemplateCompilationException"/>; both carry 0-based positions in the source that
/// was compiled, which is the author's source after <see cref="PrependedLines"/> added lines.
/// </summary>
/// <remarks>
/// C# columns are RazorLight's generated-code columns: exact inside <c>@{ }</c> blocks and for
/// expressions from the 7th column on, a few characters too far right for an expression nearer
/// the start of a line. Lines are always exact.
/// </remarks>
internal static class RazorCompileErrors
{
    /// <summary>Lines <see cref="RazorTemplateEngine"/> prepends to the author's source.</summary>
    public const int PrependedLines = 1;

    /// <param name="source">The author's source, to keep positions inside it.</param>
    public static bool TryConvert(string field, string source, Exception exception, out IReadOnlyList<TemplateSyntaxIssue> issues)
    {
        var lineLengths = source.Split('\n').Select(line => line.Length).ToArray();
        var positions = exception switch
        {
            TemplateGenerationException generation => FromRazor(generation),
            TemplateCompilationException compilation => FromCSharp(compilation),
            _ => [],
        };
        issues = positions
            .Select(p => ToIssue(field, lineLengths, p.LineIndex, p.CharacterIndex, p.Message))
            .Distinct()
            .OrderBy(i => i.Line)
            .ThenBy(i => i.Column)
            .ToList();
        return issues.Count > 0;
    }

    private static List<(int LineIndex, int CharacterIndex, string Message)> FromRazor(TemplateGenerationException exception)
    {
        var diagnostics = exception.Diagnostics ?? [];
        return diagnostics.Count == 0
            ? [(-1, 0, exception.Message)]
            : diagnostics
                .Select(d => d.Span == SourceSpan.Undefined ? (-1, 0, d.GetMessage()) : (d.Span.LineIndex, d.Span.CharacterIndex, d.GetMessage()))
                .ToList();
    }

    private static List<(int LineIndex, int CharacterIndex, string Message)> FromCSharp(TemplateCompilationException exception)
    {
        var diagnostics = exception.CompilationDiagnostics ?? [];
        if (diagnostics.Count == 0)
        {
            // Older RazorLight builds give formatted strings only, with no reliable position.
            var errors = exception.CompilationErrors ?? [];
            return errors.Count > 0 ? errors.Select(e => (-1, 0, e)).ToList() : [(-1, 0, exception.Message)];
        }

        // Only positions mapped back to the template (#line) mean anything to its author; an
        // error inside the generated class has none.
        return diagnostics
            .Select(d => d.LineSpan is { HasMappedPath: true } span
                ? (span.StartLinePosition.Line, span.StartLinePosition.Character, d.ErrorMessage)
                : (-1, 0, d.ErrorMessage))
            .ToList();
    }

    private static TemplateSyntaxIssue ToIssue(string field, int[] lineLengths, int compiledLineIndex, int characterIndex, string message)
    {
        // 0-based in the compiled source → 1-based in the author's. No position, or one on the
        // prepended line itself (e.g. a second @model), is shown at the top.
        var line = compiledLineIndex - PrependedLines + 1;
        if (line < 1)
        {
            return new TemplateSyntaxIssue(field, 1, 1, message);
        }

        line = Math.Min(line, lineLengths.Length);
        var column = Math.Clamp(characterIndex + 1, 1, lineLengths[line - 1] + 1);
        return new TemplateSyntaxIssue(field, line, column, message);
    }
}
