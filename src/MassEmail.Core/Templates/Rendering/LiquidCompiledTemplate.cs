using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// The three parsed parts of a Liquid template. Parsed templates and the sandbox options are
/// immutable, so one instance renders concurrently for any number of recipients.
/// </summary>
internal sealed class LiquidCompiledTemplate(LiquidSandbox sandbox, IFluidTemplate subject, IFluidTemplate htmlBody, IFluidTemplate textBody)
    : ICompiledTemplate
{
    // Encodes merge values in HTML but leaves letters of every script readable (Zoë, not Zo&#xEB;).
    private static readonly HtmlEncoder BodyEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    public async ValueTask<RenderedMessage> RenderAsync(MergeData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var variables = new DictionaryValue(new RenderVariables(data));

        ct.ThrowIfCancellationRequested();
        var renderedSubject = await RenderPartAsync(subject, NullEncoder.Default, variables, LiquidFields.Subject);
        ct.ThrowIfCancellationRequested();
        var renderedHtml = await RenderPartAsync(htmlBody, BodyEncoder, variables, LiquidFields.HtmlBody);
        ct.ThrowIfCancellationRequested();
        var renderedText = await RenderPartAsync(textBody, NullEncoder.Default, variables, LiquidFields.TextBody);
        return new RenderedMessage(SubjectSanitizer.Sanitize(renderedSubject), renderedHtml, renderedText);
    }

    private async ValueTask<string> RenderPartAsync(
        IFluidTemplate template, TextEncoder encoder, FluidValue variables, string field)
    {
        // A context per part: each part gets the full step budget and sees no assignments from another. The recipient's
        // names are its model, read when a part looks them up (no .NET members: allowModelMembers is off).
        var context = new TemplateContext(variables, sandbox.Options, allowModelMembers: false);

        using var writer = new BoundedStringWriter(sandbox.Limits.MaxOutputLength);
        try
        {
            await template.RenderAsync(writer, encoder, context);
        }
        catch (TemplateRenderException)
        {
            throw;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            // Fluid reports both its step and its recursion limit this way, with the same message.
            throw new TemplateRenderException($"The {field} template ran too many steps or nested blocks too deeply.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fluid's own message may name files or .NET types; the caller gets a safe one.
            throw new TemplateRenderException($"The {field} template failed to render.");
        }

        return writer.ToString();
    }
}
