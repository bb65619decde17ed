using MassEmail.Core.Templates.Rendering;
using RazorLight;

namespace MassEmail.Templating.Razor;

/// <summary>
/// One compiled part of a template. A RazorLight page instance holds per-render state, so each
/// render creates a fresh one from the compiled type's factory: cheap, and safe to run concurrently.
/// </summary>
/// <param name="EncodeHtml">True for the HTML body; subject and text output are plain text and must not be HTML-encoded.</param>
internal sealed record RazorPart(string Field, Func<ITemplatePage> CreatePage, bool EncodeHtml)
{
    public async Task<string> RenderAsync(IRazorLightEngine engine, RazorTemplateModel model)
    {
        var page = CreatePage();
        page.DisableEncoding = !EncodeHtml;
        try
        {
            return await engine.RenderTemplateAsync(page, model);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Razor authors are trusted callers who need the C# error to fix their template.
            throw new TemplateRenderException($"The {Field} template failed to render: {ex.Message}");
        }
    }
}
