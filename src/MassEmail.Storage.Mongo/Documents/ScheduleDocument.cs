using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>schedules</c> document; <c>version</c> guards replaces, <c>next_fire_at</c> (null: none left) queues the firing.</summary>
[BsonIgnoreExtraElements]
internal sealed class ScheduleDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("view_id")]
    public string ViewId { get; set; } = "";

    [BsonElement("template_id")]
    public string TemplateId { get; set; } = "";

    [BsonElement("from")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice From { get; set; }

    [BsonElement("reply_to")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice ReplyTo { get; set; }

    [BsonElement("active")]
    public bool Active { get; set; }

    [BsonElement("start_local")]
    public string StartLocal { get; set; } = "";

    [BsonElement("time_zone")]
    public string TimeZone { get; set; } = "";

    [BsonElement("recurrence_json")]
    public string? RecurrenceJson { get; set; }

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

    [BsonElement("next_fire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? NextFireAt { get; set; }

    [BsonElement("wait_for_quota_day")]
    public bool WaitForQuotaDay { get; set; }

    public static ScheduleDocument FromDomain(Schedule s) => new()
    {
        Id = s.Id,
        OrgId = s.OrgId,
        Name = s.Name,
        Module = s.Module,
        ViewId = s.ViewId,
        TemplateId = s.TemplateId,
        From = s.From,
        ReplyTo = s.ReplyTo,
        Active = s.Active,
        StartLocal = Schedule.FormatLocal(s.StartLocal),
        TimeZone = s.TimeZone,
        RecurrenceJson = s.Recurrence?.ToJson(),
        CreatedBy = s.CreatedByUserId,
        Version = s.Version,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        NextFireAt = s.NextFireAt,
        WaitForQuotaDay = s.WaitForQuotaDay,
    };

    public Schedule ToDomain() => new(
        Id, OrgId, Name, Module, ViewId, TemplateId, From, ReplyTo, Active, Schedule.ParseLocal(StartLocal), TimeZone,
        Recurrence.FromJson(RecurrenceJson), CreatedBy, Version, CreatedAt, UpdatedAt, NextFireAt, WaitForQuotaDay);
}
