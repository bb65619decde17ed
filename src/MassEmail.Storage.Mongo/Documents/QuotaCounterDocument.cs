using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>quota_counters</c> document: one counter of an organisation on one UTC day. Its <c>_id</c> is
/// derived from (org_id, counter, day), so concurrent first uses of a counter create exactly one document
/// without relying on a unique secondary index.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class QuotaCounterDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("counter")]
    public string Counter { get; set; } = "";

    /// <summary>The UTC day as <c>yyyy-MM-dd</c>.</summary>
    [BsonElement("day")]
    public string Day { get; set; } = "";

    [BsonElement("used")]
    [BsonRepresentation(BsonType.Int64)]
    public long Used { get; set; }

    /// <summary>When the TTL index removes the counter: <see cref="IQuotaStore.Retention"/> after its day ended. Missing in
    /// counters written before it existed until the start-up upgrade (<see cref="MongoExpiryUpgrade"/>) sets it.</summary>
    [BsonElement("expire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTime? ExpireAt { get; set; }

    /// <summary>
    /// What each settlement gave back from this counter, by its key (a send's id): kept in the counter's own document so
    /// that recording a release and moving the counter are one atomic update. Missing until the first settlement.
    /// </summary>
    [BsonElement("releases")]
    public Dictionary<string, long>? Releases { get; set; }

    public static DateTime ExpiryOf(DateOnly day) => day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + IQuotaStore.Retention;

    public static ObjectId IdOf(string orgId, string counter, DateOnly day) =>
        DerivedIds.Of("quota_counter", orgId, counter, MassSendDocument.DayText(day));
}
