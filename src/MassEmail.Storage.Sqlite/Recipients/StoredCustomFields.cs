using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>
/// A record's custom fields as its row stores them (the columns' UTF-8 text), parsed by <see cref="CustomFieldsJson"/>
/// when they are first asked for. A send reads the record of every recipient, and its template names few custom fields
/// or none: a CRM record with dozens of them cost a dictionary, a string and a value per field, per recipient, whatever
/// the template read. Safe to share between threads: two first reads at once may each parse, and both then use the
/// dictionary published first.
/// </summary>
internal sealed class StoredCustomFields : IReadOnlyDictionary<string, FieldValue>
{
    private readonly byte[] custom;
    private readonly byte[] dateKeys;
    private Dictionary<string, FieldValue>? parsed;

    private StoredCustomFields(byte[] custom, byte[] dateKeys)
    {
        this.custom = custom;
        this.dateKeys = dateKeys;
    }

    public int Count => Fields.Count;

    public IEnumerable<string> Keys => Fields.Keys;

    public IEnumerable<FieldValue> Values => Fields.Values;

    private Dictionary<string, FieldValue> Fields => Volatile.Read(ref parsed) ?? Parse();

    public FieldValue this[string key] => Fields[key];

    /// <summary>The columns' text, copied (a statement's buffers last until its next step); read when first asked.</summary>
    public static IReadOnlyDictionary<string, FieldValue> From(ReadOnlySpan<byte> custom, ReadOnlySpan<byte> dateKeys) =>
        new StoredCustomFields(custom.ToArray(), dateKeys.ToArray());

    public bool ContainsKey(string key) => Fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value) => Fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The first parse published whole (another thread sees the dictionary built, or none).</summary>
    private Dictionary<string, FieldValue> Parse()
    {
        var fields = CustomFieldsJson.Read(custom, dateKeys);
        return Interlocked.CompareExchange(ref parsed, fields, null) ?? fields;
    }
}
