using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>purges</c> document: a delete of several documents in progress (a record and its subscriptions, a list and
/// its subscriptions). Written before the first step and removed after the last, so a delete interrupted between its
/// steps is finished at the next start instead of leaving subscriptions nobody can address. Its <c>_id</c> is derived
/// from what is deleted.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class PurgeDocument
{
    public const string RecordKind = "record";
    public const string ListKind = "list";

    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    /// <summary><see cref="RecordKind"/> or <see cref="ListKind"/>.</summary>
    [BsonElement("kind")]
    public string Kind { get; set; } = "";

    [BsonElement("target_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string TargetId { get; set; } = "";

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The delete's time on the service's clock (a deleted record's tombstone carries it); absent in markers
    /// written before tombstones existed.</summary>
    [BsonElement("at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? At { get; set; }

    public static PurgeDocument For(string kind, string orgId, string targetId, DateTimeOffset? at = null) => new()
    {
        Id = DerivedIds.Of("purge", kind, orgId, targetId),
        OrgId = orgId,
        Kind = kind,
        TargetId = targetId,
        CreatedAt = DateTimeOffset.UtcNow,
        At = at,
    };
}
