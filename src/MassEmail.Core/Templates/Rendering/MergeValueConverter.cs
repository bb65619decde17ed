using System.Collections;
using System.Globalization;
using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Converts merge values into Fluid values by hand. No .NET object ever reaches a template, so
/// there are no members (<c>GetType</c>, <c>Keys</c>, ...) to probe whatever the member-access
/// strategy says.
/// </summary>
internal static class MergeValueConverter
{
    // Nested dictionaries deeper than this are cut off, so a self-referencing value cannot loop.
    private const int MaxDepth = 16;

    /// <summary>The top-level merge dictionaries (record, owner, organisation): values are converted as the template reads them.</summary>
    public static FluidValue ToDictionary(IReadOnlyDictionary<string, object?> fields) => new DictionaryValue(new LazyMergeFields(fields, 0));

    public static FluidValue ToValue(object? value, int depth = 0) => value switch
    {
        null => NilValue.Instance,
        string s => new StringValue(s),
        bool b => BooleanValue.Create(b),
        int i => NumberValue.Create(i),
        long l => NumberValue.Create(l),
        double d when IsDecimal(d) => NumberValue.Create((decimal)d),
        float f when IsDecimal(f) => NumberValue.Create((decimal)f),
        decimal m => NumberValue.Create(m),
        DateTimeOffset dto => new DateTimeValue(dto),
        DateTime dt => new DateTimeValue(dt),
        _ when depth >= MaxDepth => NilValue.Instance,
        IReadOnlyDictionary<string, object?> dictionary => ConvertDictionary(dictionary, depth + 1),
        IDictionary dictionary => ConvertDictionary(WithStringKeys(dictionary), depth + 1),
        IEnumerable items => new ArrayValue(items.Cast<object?>().Select(item => ToValue(item, depth + 1)).ToList()),
        // NaN, infinities and doubles beyond decimal's range still show, as text.
        IFormattable formattable => new StringValue(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => new StringValue(value.ToString() ?? ""),
    };

    private static Dictionary<string, object?> WithStringKeys(IDictionary dictionary)
    {
        var result = new Dictionary<string, object?>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value;
        }

        return result;
    }

    private static bool IsDecimal(double value) => double.IsFinite(value) && Math.Abs(value) < 7.9e28;

    private static DictionaryValue ConvertDictionary(IReadOnlyDictionary<string, object?> fields, int depth)
    {
        var values = new Dictionary<string, FluidValue>(fields.Count, StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            values[key] = ToValue(value, depth);
        }

        return new DictionaryValue(new FluidValueDictionaryFluidIndexable(values));
    }
}
