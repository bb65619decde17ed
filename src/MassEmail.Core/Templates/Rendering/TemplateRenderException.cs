using MassEmail.Core.Errors;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>A template failed while rendering (e.g. it ran past the sandbox's step limit).</summary>
public sealed class TemplateRenderException(string message) : DomainException(message);
