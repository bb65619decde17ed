using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// A range <c>(a..b)</c> that refuses to exist when it is longer than the limit. Fluid builds the
/// whole array before a loop's first step, so <c>(1..100000000)</c> would cost seconds and
/// gigabytes before the step limit could stop it.
/// </summary>
internal sealed class BoundedRangeExpression(RangeExpression inner, int maxLength) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var from = (await inner.From.EvaluateAsync(context)).ToNumberValue();
        var to = (await inner.To.EvaluateAsync(context)).ToNumberValue();
        if (decimal.Truncate(to) - decimal.Truncate(from) + 1 > maxLength)
        {
            throw SandboxLimits.RangeTooLong(maxLength);
        }

        return await inner.EvaluateAsync(context);
    }
}
