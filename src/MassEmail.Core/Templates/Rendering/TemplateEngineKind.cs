namespace MassEmail.Core.Templates.Rendering;

/// <summary>The language a template is written in.</summary>
public enum TemplateEngineKind
{
    /// <summary>Liquid (Fluid): sandboxed; the default for user-authored templates.</summary>
    Liquid = 1,

    /// <summary>Razor: runs C#; only when the operator enables it for trusted callers.</summary>
    Razor = 2,
}
