using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>custom_fields</c> document, unique per (org_id, module, name); the id is the server's.</summary>
[BsonIgnoreExtraElements]
internal sealed class CustomFieldDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("type")]
    [BsonRepresentation(BsonType.Int32)]
    public FieldType Type { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    public CustomFieldDefinition ToDomain() => new(OrgId, Module, Name, Type, CreatedAt);
}
