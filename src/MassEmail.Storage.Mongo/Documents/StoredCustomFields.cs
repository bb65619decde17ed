using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A record's custom fields as its document stores them (the <c>custom</c> subdocument's BSON), converted by <see cref="CustomValues"/> when first asked for.</summary>
internal sealed class StoredCustomFields : DeferredCustomFields
{
    private readonly byte[] custom;

    private StoredCustomFields(byte[] custom) => this.custom = custom;

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

    protected override Dictionary<string, FieldValue> Parse() => CustomValues.FromBson(BsonSerializer.Deserialize<BsonDocument>(custom));
}
