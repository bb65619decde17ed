using MassEmail.Core.OptOut;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// The <c>signing_key_rings</c> document of the unsubscribe ring. Its <c>_id</c> is derived from the ring's name, so
/// concurrent first writes create exactly one document; no index beyond <c>_id</c> is needed. Not an organisation's
/// document: the ring signs every organisation's links.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class SigningKeyRingDocument
{
    public static readonly ObjectId UnsubscribeRingId = DerivedIds.Of("signing_key_ring", "unsubscribe");

    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("version")]
    public long Version { get; set; }

    [BsonElement("keys")]
    public List<SigningKeyDocument> Keys { get; set; } = [];

    public static SigningKeyRingDocument From(SigningKeyRing ring) => new()
    {
        Id = UnsubscribeRingId,
        Version = ring.Version,
        Keys = [.. ring.Keys.Select(k => new SigningKeyDocument { Id = k.Id, Secret = k.Secret, CreatedAt = k.CreatedAt.UtcDateTime, RetiredAt = k.RetiredAt?.UtcDateTime })],
    };

    public SigningKeyRing ToRing() =>
        new(Version, [.. Keys.Select(k => new SigningKey(k.Id, k.Secret, new DateTimeOffset(k.CreatedAt, TimeSpan.Zero), k.RetiredAt is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null))]);
}
