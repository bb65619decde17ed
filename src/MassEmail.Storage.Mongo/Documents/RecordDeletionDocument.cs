using MassEmail.Core.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>record_deletions</c> document: the tombstone of a deleted record (see <see cref="RecordDeletion"/>), written
/// before the record goes and replaced when a delete is repeated. Its <c>_id</c> is derived from organisation and record;
/// it expires <see cref="RecordDeletion.Retention"/> after the deletion.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class RecordDeletionDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("record_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("email")]
    public string Email { get; set; } = "";

    [BsonElement("email_key")]
    public string EmailKey { get; set; } = "";

    [BsonElement("email_opt_out")]
    public bool EmailOptOut { get; set; }

    [BsonElement("list_ids")]
    public List<string> ListIds { get; set; } = [];

    [BsonElement("deleted_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset DeletedAt { get; set; }

    [BsonElement("expire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTime ExpireAt { get; set; }

    public static ObjectId IdOf(string orgId, string recordId) => DerivedIds.Of("record_deletion", orgId, recordId);

    public static RecordDeletionDocument FromDomain(RecordDeletion d) => new()
    {
        Id = IdOf(d.OrgId, d.RecordId),
        OrgId = d.OrgId,
        RecordId = d.RecordId,
        Module = d.Module,
        Email = d.Email,
        EmailKey = d.EmailKey,
        EmailOptOut = d.EmailOptOut,
        ListIds = [.. d.SubscribedListIds],
        DeletedAt = d.DeletedAt,
        ExpireAt = (d.DeletedAt + RecordDeletion.Retention).UtcDateTime,
    };

    public RecordDeletion ToDomain() => new(OrgId, RecordId, Module, Email, EmailKey, EmailOptOut, [.. ListIds.Order(StringComparer.Ordinal)], DeletedAt);
}
