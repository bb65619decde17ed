using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Templating.Razor;

/// <summary>
/// The <c>Model</c> of every Razor template part: one recipient's merge values. Templates read
/// fields as <c>@Model.Record["first_name"]</c>, or <c>@Model.Record.GetValueOrDefault("first_name")</c>
/// when a field may be missing (the indexer throws for a missing key, as in any C#).
/// </summary>
public sealed class RazorTemplateModel
{
    public RazorTemplateModel(MergeData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Record = data.Record;
        Owner = data.Owner;
        Org = data.Organisation;
        UnsubscribeUrl = data.UnsubscribeUrl;
        PreferencesUrl = data.PreferencesUrl;
    }

    /// <summary>The recipient's record (contact, candidate, ...), keyed by snake_case field name.</summary>
    public IReadOnlyDictionary<string, object?> Record { get; }

    /// <summary>The record owner (the sending user), keyed by snake_case field name.</summary>
    public IReadOnlyDictionary<string, object?> Owner { get; }

    /// <summary>The sending organisation, keyed by snake_case field name.</summary>
    public IReadOnlyDictionary<string, object?> Org { get; }

    /// <summary>The recipient's one-click unsubscribe link.</summary>
    public string UnsubscribeUrl { get; }

    /// <summary>The recipient's subscription-preferences link.</summary>
    public string PreferencesUrl { get; }
}
