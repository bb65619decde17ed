namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// A parsed template, safe to render concurrently many times. HTML output encodes merge values;
/// subject and text output do not, and CR/LF from merge values never reach the subject.
/// </summary>
public interface ICompiledTemplate
{
    /// <summary>
    /// Renders for one recipient. Throws <see cref="TemplateRenderException"/> when the template
    /// exceeds the sandbox limits (steps, recursion) or fails at run time.
    /// </summary>
    ValueTask<RenderedMessage> RenderAsync(MergeData data, CancellationToken ct);
}
