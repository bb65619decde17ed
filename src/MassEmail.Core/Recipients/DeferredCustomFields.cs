using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MassEmail.Core.Recipients;

/// <summary>
/// A record's custom fields kept as a store read them and made into a dictionary when they are first asked for. A
/// send reads the record of every recipient, and its template names few custom fields or none: a CRM record with
/// dozens of them would cost a name and a value per field, per recipient, whatever the template read. Each store
/// adapter says how its stored form is read (<see cref="Parse"/>). Safe to share between threads: two first reads at
/// once may each parse, and both then use the dictionary published first, whole.
/// </summary>
public abstract class DeferredCustomFields : IReadOnlyDictionary<string, FieldValue>
{
    private Dictionary<string, FieldValue>? parsed;

    public int Count => Fields.Count;

    public IEnumerable<string> Keys => Fields.Keys;

    public IEnumerable<FieldValue> Values => Fields.Values;

    private Dictionary<string, FieldValue> Fields => Volatile.Read(ref parsed) ?? Publish();

    public FieldValue this[string key] => Fields[key];

    public bool ContainsKey(string key) => Fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value) => Fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields from the stored form; called at the first read (at most once per thread racing it).</summary>
    protected abstract Dictionary<string, FieldValue> Parse();

    private Dictionary<string, FieldValue> Publish()
    {
        var fields = Parse();
        return Interlocked.CompareExchange(ref parsed, fields, null) ?? fields;
    }
}
