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

    /// <summary>When the next run is due; null: none is.</summary>
    [BsonElement("run_due_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? RunDueAt { get; set; }

    /// <summary>The worker whose lease holds the run, until <see cref="RunLeaseUntil"/>.</summary>
    [BsonElement("run_holder")]
    public string? RunHolder { get; set; }

    /// <summary>
    /// The end of the run's lease; the Unix epoch, never null, when none is held, so that "free" is one range and each
    /// branch of a claim's <c>$or</c> is served by its index.
    /// </summary>
    [BsonElement("run_lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset RunLeaseUntil { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// A pending "sync now": when it was asked for, and whether a full resync was. Absent, never null, when none is:
    /// an absent field reads as "no request" in every comparison.
    /// </summary>
    [BsonElement("run_requested_at")]
    [BsonIgnoreIfNull]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? RunRequestedAt { get; set; }

    [BsonElement("run_requested_full")]
    public bool RunRequestedFull { get; set; }

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
        RunDueAt = d.NextRunAt,
    };

    public SyncDefinition ToDomain() => new(Id, OrgId, ConnectionId, Name, SyncDefinitionJson.DeserializeSettings(Settings),
        SyncDefinitionJson.DeserializeStatus(Status), CreatedBy, CreatedAt, UpdatedAt, Version, RunDueAt, RunRequestedAt);
}
