using Fluid.Values;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// The names a template can read for one recipient (<c>record</c>, <c>owner</c>, <c>org</c> and the two links), as the
/// model of each part's context: the three parts share them, and no scope dictionary is filled for each part. Each
/// merge dictionary is wrapped once, when a part first reads it. A part's <c>assign</c> to one of these names shadows
/// it in that part only (its own scope), as before.
/// </summary>
internal sealed class RenderVariables(MergeData data) : IFluidIndexable
{
    private static readonly string[] Names = ["record", "owner", "org", "unsubscribe_url", "preferences_url"];

    private FluidValue? record;
    private FluidValue? owner;
    private FluidValue? org;
    private FluidValue? unsubscribeUrl;
    private FluidValue? preferencesUrl;

    public int Count => Names.Length;

    public IEnumerable<string> Keys => Names;

    public IEnumerable<FluidValue> Values => Names.Select(name => TryGetValue(name, out var value) ? value : NilValue.Instance);

    public bool TryGetValue(string name, out FluidValue value)
    {
        value = name switch
        {
            "record" => record ??= MergeValueConverter.ToDictionary(data.Record),
            "owner" => owner ??= MergeValueConverter.ToDictionary(data.Owner),
            "org" => org ??= MergeValueConverter.ToDictionary(data.Organisation),
            "unsubscribe_url" => unsubscribeUrl ??= new StringValue(data.UnsubscribeUrl),
            "preferences_url" => preferencesUrl ??= new StringValue(data.PreferencesUrl),
            _ => NilValue.Instance,
        };
        return value is not NilValue;
    }
}
