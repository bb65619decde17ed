using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassEmail.Core.Recipients;

namespace MassEmail.Core.Sending;

/// <summary>
/// The merge fields of one record, read off the record when a template asks for one: its standard fields, <c>full_name</c>,
/// and its custom fields by name (a custom field of a standard name wins, as it always has). Nothing is copied for each
/// recipient of a send, where a template reads two or three of the fields.
/// </summary>
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

    public bool ContainsKey(string key) => record.Custom.ContainsKey(key) || IsStandard(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
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

        (var standard, value) = key switch
        {
            StandardFields.ExternalId => (true, record.ExternalId),
            StandardFields.Name => (true, record.Name),
            StandardFields.FirstName => (true, record.FirstName),
            StandardFields.LastName => (true, record.LastName),
            FullName => (true, $"{record.FirstName} {record.LastName}".Trim()),
            StandardFields.Email => (true, record.EmailNormalized),
            StandardFields.Phone => (true, record.Phone),
            _ => (false, null),
        };
        return standard;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        Keys.Select(name => KeyValuePair.Create(name, this[name])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsStandard(string name) => Array.IndexOf(Standard, name) >= 0;
}
