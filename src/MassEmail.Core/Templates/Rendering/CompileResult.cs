namespace MassEmail.Core.Templates.Rendering;

/// <summary>The outcome of compiling: a template, or the issues that prevented it.</summary>
public sealed record CompileResult(ICompiledTemplate? Template, IReadOnlyList<TemplateSyntaxIssue> Issues)
{
    public bool Succeeded => Template is not null;
}
