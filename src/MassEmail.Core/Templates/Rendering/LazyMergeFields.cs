using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// A merge-field dictionary seen by a template, converting each value (by hand, see
/// <see cref="MergeValueConverter"/>) only when the template reads it: a record has every standard and
/// custom field, a typical template reads two or three of them, and this runs once per recipient.
/// </summary>
internal sealed class LazyMergeFields(IReadOnlyDictionary<string, object?> fields, int depth) : IFluidIndexable
{
    public int Count => fields.Count;

    public IEnumerable<string> Keys => fields.Keys;

    public IEnumerable<FluidValue> Values => fields.Values.Select(v => MergeValueConverter.ToValue(v, depth));

    public bool TryGetValue(string name, out FluidValue value)
    {
        if (fields.TryGetValue(name, out var field))
        {
            value = MergeValueConverter.ToValue(field, depth);
            return true;
        }

        value = NilValue.Instance;
        return false;
    }
}
