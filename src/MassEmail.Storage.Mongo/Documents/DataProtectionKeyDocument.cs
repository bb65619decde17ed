using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>data_protection_keys</c> document: one element of the Data Protection key ring, inserted once and never
/// changed. Its <c>_id</c> is a fresh ObjectId, so two elements with the same friendly name are two documents. Not an
/// organisation's document: the ring protects every organisation's secrets.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DataProtectionKeyDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("friendly_name")]
    public string FriendlyName { get; set; } = "";

    [BsonElement("xml")]
    public string Xml { get; set; } = "";
}
