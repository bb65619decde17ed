using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>custom_views</c> document; names are unique per (org_id, module) through <c>name_key</c>; <c>version</c> guards replaces.</summary>
[BsonIgnoreExtraElements]
internal sealed class CustomViewDocument
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

    [BsonElement("name_key")]
    public string NameKey { get; set; } = "";

    [BsonElement("criteria_json")]
    public string CriteriaJson { get; set; } = "";

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static CustomViewDocument FromDomain(CustomView v) => new()
    {
        Id = v.Id,
        OrgId = v.OrgId,
        Module = v.Module,
        Name = v.Name,
        NameKey = v.NameKey,
        CriteriaJson = v.CriteriaJson,
        Version = v.Version,
        CreatedAt = v.CreatedAt,
        UpdatedAt = v.UpdatedAt,
    };

    public CustomView ToDomain() => new(Id, OrgId, Module, Name, CriteriaJson, Version, CreatedAt, UpdatedAt);
}
