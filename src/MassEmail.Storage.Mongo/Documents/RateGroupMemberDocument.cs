using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>One instance inside a <see cref="RateGroupDocument"/>.</summary>
[BsonIgnoreExtraElements]
internal sealed class RateGroupMemberDocument
{
    [BsonElement("id")]
    public string Id { get; set; } = "";

    [BsonElement("share")]
    public int Share { get; set; }

    [BsonElement("wants")]
    public bool Wants { get; set; }

    [BsonElement("beat")]
    public long Beat { get; set; }
}
