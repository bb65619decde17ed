using MassEmail.Core.Syncs;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>sync_definitions</c> document; names unique per (org_id, connection_id) through <c>name_key</c>. What it does and
/// its status are JSON texts (<see cref="SyncDefinitionJson"/>), the same as SQLite's, read whole and never queried into.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class SyncDefinitionDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("connection_id")]
    public string ConnectionId { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("name_key")]
    public string NameKey { get; set; } = "";

    [BsonElement("settings")]
    public string Settings { get; set; } = "";

    [BsonElement("status")]
    public string Status { get; set; } = "";

    [BsonElement("created_by")]
    public string CreatedBy { get; set; } = "";

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    public static SyncDefinitionDocument FromDomain(SyncDefinition d) => new()
    {
        Id = d.Id,
        OrgId = d.OrgId,
        ConnectionId = d.ConnectionId,
        Name = d.Name,
        NameKey = d.NameKey,
        Settings = SyncDefinitionJson.Serialize(d.Settings),
        Status = SyncDefinitionJson.Serialize(d.Status),
        CreatedBy = d.CreatedByUserId,
        CreatedAt = d.CreatedAt,
        UpdatedAt = d.UpdatedAt,
        Version = d.Version,
    };

    public SyncDefinition ToDomain() => new(Id, OrgId, ConnectionId, Name, SyncDefinitionJson.DeserializeSettings(Settings),
        SyncDefinitionJson.DeserializeStatus(Status), CreatedBy, CreatedAt, UpdatedAt, Version);
}
