using MassEmail.Core.Scheduling;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>schedule_run_slots</c> document: one taken run slot of an organisation. Its <c>_id</c> is derived from
/// (org_id, slot), so of several instances taking one slot exactly one creates the document.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class RunSlotDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("slot")]
    public int Slot { get; set; }

    [BsonElement("schedule_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string ScheduleId { get; set; } = "";

    [BsonElement("local_time")]
    public string LocalTime { get; set; } = "";

    [BsonElement("taken_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset TakenAt { get; set; }

    public static ObjectId IdOf(string orgId, int slot) => DerivedIds.Of("schedule_run_slot", orgId, slot.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public RunSlot ToDomain() => new(OrgId, Slot, ScheduleId, LocalTime, TakenAt);
}
