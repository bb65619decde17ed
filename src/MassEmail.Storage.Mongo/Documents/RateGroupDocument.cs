using MassEmail.Core.Sending.RateSharing;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>rate_groups</c> document: the instances sharing one account's send rate. Its <c>_id</c> is derived from
/// the group's key, so concurrent first writes create exactly one document; no index beyond <c>_id</c> is needed.
/// Not an organisation's document: the account serves every organisation.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class RateGroupDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("key")]
    public string Key { get; set; } = "";

    [BsonElement("version")]
    public long Version { get; set; }

    [BsonElement("throttles")]
    public long Throttles { get; set; }

    [BsonElement("members")]
    public List<RateGroupMemberDocument> Members { get; set; } = [];

    public static ObjectId IdOf(string key) => DerivedIds.Of("rate_group", key);

    public static RateGroupDocument From(RateGroup group) => new()
    {
        Id = IdOf(group.Key),
        Key = group.Key,
        Version = group.Version,
        Throttles = group.Throttles,
        Members = [.. group.Members.Select(m => new RateGroupMemberDocument { Id = m.Id, Share = m.Share, Wants = m.Wants, Beat = m.Beat })],
    };

    public RateGroup ToGroup() => new(Key, Version, Throttles, [.. Members.Select(m => new RateGroupMember(m.Id, m.Share, m.Wants, m.Beat))]);
}
