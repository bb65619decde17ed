namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// The values a template can merge for one recipient. Dictionary values may be string, bool,
/// long, int, double, decimal, DateTimeOffset, null, IEnumerable of those, or nested dictionaries.
/// Keys are snake_case field names (<c>first_name</c>).
/// </summary>
public sealed record MergeData(
    IReadOnlyDictionary<string, object?> Record,
    IReadOnlyDictionary<string, object?> Owner,
    IReadOnlyDictionary<string, object?> Organisation,
    string UnsubscribeUrl,
    string PreferencesUrl)
{
    /// <summary>Shown where an unsubscribe URL belongs until opt-out links exist for the message (previews).</summary>
    public const string UrlPlaceholder = "#unsubscribe-link-placeholder";

    public static readonly IReadOnlyDictionary<string, object?> NoFields = new Dictionary<string, object?>();
}
