using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>One key inside a <see cref="SigningKeyRingDocument"/>.</summary>
internal sealed class SigningKeyDocument
{
    [BsonElement("id")]
    public string Id { get; set; } = "";

    [BsonElement("secret")]
    public string Secret { get; set; } = "";

    [BsonElement("created_at")]
    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime CreatedAt { get; set; }

    [BsonElement("retired_at")]
    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime? RetiredAt { get; set; }
}
