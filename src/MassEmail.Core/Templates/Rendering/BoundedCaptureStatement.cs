using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// <c>{% capture %}</c> writing into a <see cref="BoundedStringWriter"/>. Fluid's own capture
/// buffers without limit, so a loop inside a capture could exhaust memory before any check.
/// Otherwise it behaves like Fluid's: the result is not encoded again when output.
/// </summary>
internal sealed class BoundedCaptureStatement(CaptureStatement inner, int maxLength) : Statement
{
    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        using var buffer = new BoundedStringWriter(maxLength);
        var completion = Completion.Normal;
        foreach (var statement in inner.Statements)
        {
            completion = await statement.WriteToAsync(buffer, encoder, context);
            if (completion != Completion.Normal)
            {
                break;
            }
        }

        FluidValue result = new StringValue(buffer.ToString(), false);
        if (context.Captured is not null)
        {
            result = await context.Captured.Invoke(inner.Identifier, result, context);
        }

        context.SetValue(inner.Identifier, result);
        return completion;
    }
}
