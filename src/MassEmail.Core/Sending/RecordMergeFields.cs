using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassEmail.Core.Recipients;

namespace MassEmail.Core.Sending;

/// <summary>
/// The merge fields of one record, read off the record when a template asks for one: its standard fields, <c>full_name</c>,
/// and its custom fields by name (a custom field named <c>full_name</c> wins, as it always has). Nothing is copied for each
/// recipient of a send, where a template reads two or three of the fields.
/// </summary>
/// <remarks>
/// A standard field is answered without asking the custom fields: no custom field has a standard name (records are
/// validated so), and a store may read a record's custom fields only when they are first asked for, so a template that
/// names none costs no custom field of any recipient. <c>full_name</c> is no standard name, so the custom fields come first.
/// </remarks>
internal sealed class RecordMergeFields(RecipientRecord record) : IReadOnlyDictionary<string, object?>
{
    private static readonly string[] Standard =
    [
        StandardFields.ExternalId, StandardFields.Name, StandardFields.FirstName, StandardFields.LastName, FullName,
        StandardFields.Email, StandardFields.Phone,
    ];

    private const string FullName = "full_name";

    public int Count => Standard.Length + record.Custom.Keys.Count(name => !IsStandard(name));

    public IEnumerable<string> Keys => Standard.Concat(record.Custom.Keys.Where(name => !IsStandard(name)));

    public IEnumerable<object?> Values => Keys.Select(name => this[name]);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No merge field '{key}'.");

    public bool ContainsKey(string key) => IsStandard(key) || record.Custom.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        (var standard, value) = key switch
        {
            StandardFields.ExternalId => (true, record.ExternalId),
            StandardFields.Name => (true, record.Name),
            StandardFields.FirstName => (true, record.FirstName),
            StandardFields.LastName => (true, record.LastName),
            StandardFields.Email => (true, record.EmailNormalized),
            StandardFields.Phone => (true, record.Phone),
            _ => (false, null),
        };
        if (standard)
        {
            return true;
        }

        if (record.Custom.TryGetValue(key, out var custom))
        {
            value = custom.Type switch
            {
                FieldType.String => custom.Text,
                FieldType.Number => custom.Number,
                FieldType.Bool => custom.Bool,
                FieldType.Date => DateTimeOffset.FromUnixTimeMilliseconds(custom.UnixMilliseconds),
                _ => custom.List,
            };
            return true;
        }

        value = key == FullName ? $"{record.FirstName} {record.LastName}".Trim() : null;
        return key == FullName;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(name => KeyValuePair.Create(name, this[name])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsStandard(string name) => Array.IndexOf(Standard, name) >= 0;
}
