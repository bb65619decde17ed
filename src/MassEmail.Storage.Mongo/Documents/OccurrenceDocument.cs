using System.Globalization;
using MassEmail.Core.Scheduling;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>schedule_occurrences</c> document. Its <c>_id</c> is derived from (org_id, schedule_id, local_time), so of
/// several instances claiming one occurrence exactly one creates the document.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class OccurrenceDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("schedule_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string ScheduleId { get; set; } = "";

    [BsonElement("local_time")]
    public string LocalTime { get; set; } = "";

    [BsonElement("fire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset FireAt { get; set; }

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public OccurrenceState State { get; set; }

    [BsonElement("send_id")]
    public string SendId { get; set; } = "";

    [BsonElement("reason")]
    public string Reason { get; set; } = "";

    [BsonElement("holder")]
    public string Holder { get; set; } = "";

    [BsonElement("lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset LeaseUntil { get; set; }

    [BsonElement("recorded_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset RecordedAt { get; set; }

    public static ObjectId IdOf(string orgId, string scheduleId, string localTime) => DerivedIds.Of("occurrence", orgId, scheduleId, localTime);

    public static OccurrenceDocument FromDomain(Occurrence o) => new()
    {
        Id = IdOf(o.OrgId, o.ScheduleId, o.LocalTime),
        OrgId = o.OrgId,
        ScheduleId = o.ScheduleId,
        LocalTime = o.LocalTime,
        FireAt = o.FireAt,
        State = o.State,
        SendId = o.SendId,
        Reason = o.Reason,
        Holder = o.Holder,
        LeaseUntil = o.LeaseUntil,
        RecordedAt = o.RecordedAt,
    };

    public Occurrence ToDomain()
    {
        var offset = DateTimeOffset.ParseExact(LocalTime, "yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture).Offset;
        return new(OrgId, ScheduleId, LocalTime, FireAt.ToOffset(offset), State, SendId, Reason, Holder, LeaseUntil, RecordedAt);
    }
}
