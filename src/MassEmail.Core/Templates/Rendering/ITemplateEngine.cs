namespace MassEmail.Core.Templates.Rendering;

/// <summary>Compiles template content of one <see cref="TemplateEngineKind"/>.</summary>
public interface ITemplateEngine
{
    TemplateEngineKind Kind { get; }

    /// <summary>Parses all parts; returns every syntax issue found, or a compiled template when there is none.</summary>
    CompileResult Compile(TemplateContent content);
}
