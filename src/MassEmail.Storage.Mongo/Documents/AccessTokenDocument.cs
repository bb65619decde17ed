using MassEmail.Core.Connections;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// An <c>access_tokens</c> document: _id derived from the cache key (kept in <c>key</c>), the token as ciphertext, its
/// fingerprint, the refresh lease.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class AccessTokenDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("key")]
    public string Key { get; set; } = "";

    [BsonElement("protected_token")]
    public string? ProtectedToken { get; set; }

    [BsonElement("fingerprint")]
    public string? Fingerprint { get; set; }

    [BsonElement("expires_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? ExpiresAt { get; set; }

    [BsonElement("holder")]
    public string? Holder { get; set; }

    [BsonElement("lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? LeaseUntil { get; set; }

    public static ObjectId IdOf(string key) => DerivedIds.Of("access_token", key);

    public StoredAccessToken ToDomain() => new(Key, ProtectedToken, Fingerprint, ExpiresAt, Holder, LeaseUntil);
}
