using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>schedule_slot_versions</c> document (<c>_id</c> derived from the organisation): the version every schedule
/// insert or replace of the organisation moves, and the write decided at that version (<see cref="Pending"/>) until it
/// is applied. The move and the decision are one atomic update; the write itself is applied afterwards by the writer
/// or, when it died, by the next caller of the organisation, so no decided write is lost and none is applied on a stale check.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class ScheduleSlotVersionDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("version")]
    public long Version { get; set; }

    /// <summary>The schedule to write, or null when the last decided write is applied.</summary>
    [BsonElement("pending")]
    public ScheduleDocument? Pending { get; set; }

    /// <summary>The stored version <see cref="Pending"/> replaces; null: it is inserted.</summary>
    [BsonElement("pending_expected")]
    public long? PendingExpected { get; set; }

    public static ObjectId IdOf(string orgId) => DerivedIds.Of("schedule_slot_version", orgId);
}
