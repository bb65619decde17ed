namespace MassEmail.Core.Templates.Rendering;

/// <summary>The renderable part of a template.</summary>
/// <param name="TextBody">Null or empty: the text part is derived from <paramref name="HtmlBody"/>.</param>
public sealed record TemplateContent(string Subject, string HtmlBody, string? TextBody, TemplateEngineKind Engine);
