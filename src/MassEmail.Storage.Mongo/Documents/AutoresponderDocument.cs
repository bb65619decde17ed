using MassEmail.Core.Autoresponders;
using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>An <c>autoresponders</c> document; steps and window are JSON text (<see cref="AutoresponderJson"/>); <c>version</c> guards replaces.</summary>
[BsonIgnoreExtraElements]
internal sealed class AutoresponderDocument
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

    [BsonElement("trigger_kind")]
    [BsonRepresentation(BsonType.Int32)]
    public TriggerKind TriggerKind { get; set; }

    [BsonElement("trigger_id")]
    public string TriggerId { get; set; } = "";

    [BsonElement("steps_json")]
    public string StepsJson { get; set; } = "";

    [BsonElement("window_json")]
    public string? WindowJson { get; set; }

    [BsonElement("active")]
    public bool Active { get; set; }

    [BsonElement("activated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? ActivatedAt { get; set; }

    [BsonElement("enroll_existing")]
    public bool EnrollExisting { get; set; }

    [BsonElement("enroll_cursor")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? EnrollCursor { get; set; }

    [BsonElement("created_by")]
    public string CreatedBy { get; set; } = "";

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static AutoresponderDocument FromDomain(Autoresponder a) => new()
    {
        Id = a.Id,
        OrgId = a.OrgId,
        Module = a.Module,
        Name = a.Name,
        TriggerKind = a.Trigger.Kind,
        TriggerId = a.Trigger.TargetId,
        StepsJson = AutoresponderJson.Steps(a.Steps),
        WindowJson = AutoresponderJson.Window(a.Window),
        Active = a.Active,
        ActivatedAt = a.ActivatedAt,
        EnrollExisting = a.EnrollExisting,
        EnrollCursor = a.EnrollCursor,
        CreatedBy = a.CreatedByUserId,
        Version = a.Version,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
    };

    public Autoresponder ToDomain() => new(Id, OrgId, Name, Module, new(TriggerKind, TriggerId), AutoresponderJson.Steps(StepsJson),
        AutoresponderJson.Window(WindowJson), Active, ActivatedAt, EnrollExisting, EnrollCursor, CreatedBy, Version, CreatedAt, UpdatedAt);
}
