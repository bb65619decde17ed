using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A record's custom fields as its document stores them (the <c>custom</c> subdocument's BSON), converted by
/// <see cref="CustomValues"/> when they are first asked for. A send reads the record of every recipient, and its template
/// names few custom fields or none: a CRM record with dozens of them cost a BSON value, a name and a field value per
/// field, per recipient, whatever the template read. Safe to share between threads: two first reads at once may each
/// convert, and both then use the dictionary published first.
/// </summary>
internal sealed class StoredCustomFields : IReadOnlyDictionary<string, FieldValue>
{
    private readonly byte[] custom;
    private Dictionary<string, FieldValue>? converted;

    private StoredCustomFields(byte[] custom) => this.custom = custom;

    public int Count => Fields.Count;

    public IEnumerable<string> Keys => Fields.Keys;

    public IEnumerable<FieldValue> Values => Fields.Values;

    private Dictionary<string, FieldValue> Fields => Volatile.Read(ref converted) ?? Convert();

    public FieldValue this[string key] => Fields[key];

    /// <summary>
    /// The subdocument's bytes, copied (a reader's slice shares the reply's pooled buffer, and a record is never disposed
    /// to give it back); converted when first asked.
    /// </summary>
    public static IReadOnlyDictionary<string, FieldValue> From(IByteBuffer custom)
    {
        var bytes = new byte[custom.Length];
        custom.GetBytes(0, bytes, 0, bytes.Length);
        return new StoredCustomFields(bytes);
    }

    public bool ContainsKey(string key) => Fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out FieldValue value) => Fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator() => Fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The first conversion published whole (another thread sees the dictionary built, or none).</summary>
    private Dictionary<string, FieldValue> Convert()
    {
        var fields = CustomValues.FromBson(BsonSerializer.Deserialize<BsonDocument>(custom));
        return Interlocked.CompareExchange(ref converted, fields, null) ?? fields;
    }
}
