using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>mass_send_keys</c> document: the claim of one idempotency key of an organisation. Its <c>_id</c>
/// is derived from (org_id, idempotency_key), so the always-unique <c>_id</c> decides which send owns
/// the key, also on servers that do not enforce unique secondary indexes. It carries the send as first
/// written, so a caller finding the key before its send can complete the insert the owner began.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class MassSendKeyDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("idempotency_key")]
    public string IdempotencyKey { get; set; } = "";

    [BsonElement("send_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string SendId { get; set; } = "";

    [BsonElement("send")]
    public MassSendDocument Send { get; set; } = new();

    /// <summary>When the TTL index removes the key: <see cref="MongoIndexes.Retention"/> after the send was created. Missing in
    /// keys written before it existed until the start-up upgrade (<see cref="MongoExpiryUpgrade"/>) sets it.</summary>
    [BsonElement("expire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTime? ExpireAt { get; set; }

    public static DateTime ExpiryOf(DateTimeOffset createdAt) => createdAt.UtcDateTime + MongoIndexes.Retention;

    public static ObjectId IdOf(string orgId, string idempotencyKey) => DerivedIds.Of("mass_send_key", orgId, idempotencyKey);

    public static MassSendKeyDocument For(MassSendDocument send) => new()
    {
        Id = IdOf(send.OrgId, send.IdempotencyKey),
        OrgId = send.OrgId,
        IdempotencyKey = send.IdempotencyKey,
        SendId = send.Id,
        Send = send,
        ExpireAt = ExpiryOf(send.CreatedAt),
    };
}
