namespace MassEmail.Core.Templates.Rendering;

/// <summary>A syntax error in one part of a template.</summary>
/// <param name="Field">subject, html_body or text_body.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record TemplateSyntaxIssue(string Field, int Line, int Column, string Message);
