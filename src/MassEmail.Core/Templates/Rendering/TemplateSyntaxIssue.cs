namespace MassEmail.Core.Templates.Rendering;

/// <summary>A syntax error in one part of a template.</summary>
/// <param name="Field">subject, html_body or text_body.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="ExceedsLimit">
/// The part breaks a size or depth limit of the server (such as <see cref="LiquidSandboxOptions.MaxNestingDepth"/>)
/// rather than the template language: the request itself is refused, even where syntax issues are an answer.
/// </param>
public sealed record TemplateSyntaxIssue(string Field, int Line, int Column, string Message, bool ExceedsLimit = false);
