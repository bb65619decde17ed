using Fluid;
using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Size checks and their caller-safe errors. Fluid bounds steps and nesting but not memory, so
/// every place where a template can build a large value (filters, captures, output, ranges) is
/// checked here.
/// </summary>
internal static class SandboxLimits
{
    public static TemplateRenderException TooLarge(int maxLength) =>
        new($"The template produced a value longer than {maxLength} characters or items.");

    public static TemplateRenderException RangeTooLong(int maxLength) =>
        new($"The template uses a range of more than {maxLength} items.");

    /// <summary>Throws when <paramref name="value"/> is a string or array larger than <paramref name="maxLength"/>.</summary>
    public static FluidValue EnsureSize(FluidValue value, int maxLength)
    {
        var size = value switch
        {
            StringValue s => s.ToStringValue().Length,
            ArrayValue a => a.Values.Count,
            _ => 0,
        };
        return size > maxLength ? throw TooLarge(maxLength) : value;
    }

    /// <summary>Replaces every registered filter with one that checks the size of its result.</summary>
    public static void BoundFilters(FilterCollection filters, int maxLength)
    {
        foreach (var (name, inner) in filters.ToList())
        {
            filters.AddFilter(name, async (input, arguments, context) =>
                EnsureSize(await inner(input, arguments, context), maxLength));
        }
    }
}
