using MassEmail.Core.Templates.Rendering;
using RazorLight;

namespace MassEmail.Templating.Razor;

/// <summary>The compiled parts of a Razor template; renders concurrently for any number of recipients.</summary>
/// <param name="textBody">Null: the text part is derived from each rendered HTML body.</param>
internal sealed class RazorCompiledTemplate(IRazorLightEngine engine, RazorPart subject, RazorPart htmlBody, RazorPart? textBody)
    : ICompiledTemplate
{
    public async ValueTask<RenderedMessage> RenderAsync(MergeData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = new RazorTemplateModel(data);

        ct.ThrowIfCancellationRequested();
        var renderedSubject = await subject.RenderAsync(engine, model);
        ct.ThrowIfCancellationRequested();
        var renderedHtml = await htmlBody.RenderAsync(engine, model);
        ct.ThrowIfCancellationRequested();

        // Razor source mixes C# with markup, so unlike Liquid the text cannot be derived from the
        // template once; it is derived from every rendered HTML body instead.
        var renderedText = textBody is null
            ? HtmlToTextConverter.Convert(renderedHtml)
            : await textBody.RenderAsync(engine, model);
        return new RenderedMessage(SubjectSanitizer.Sanitize(renderedSubject), renderedHtml, renderedText);
    }
}
