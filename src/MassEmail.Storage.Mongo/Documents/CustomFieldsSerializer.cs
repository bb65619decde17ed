using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// The <c>custom</c> element of a record: written as native BSON by <see cref="CustomValues"/>, read as its bytes into
/// <see cref="StoredCustomFields"/>, which converts them only when a field is asked for.
/// </summary>
internal sealed class CustomFieldsSerializer : SerializerBase<IReadOnlyDictionary<string, FieldValue>>
{
    public override IReadOnlyDictionary<string, FieldValue> Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        if (context.Reader.GetCurrentBsonType() != BsonType.Document)
        {
            // Not a document (e.g. a null written by someone else): read as a document member reads it, converted at once.
            return CustomValues.FromBson(BsonDocumentSerializer.Instance.Deserialize(context, args));
        }

        using IByteBuffer custom = context.Reader.ReadRawBsonDocument();
        return StoredCustomFields.From(custom);
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, IReadOnlyDictionary<string, FieldValue> value) =>
        BsonDocumentSerializer.Instance.Serialize(context, args, CustomValues.ToBson(value));
}
