using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>An <c>endpoint_locks</c> document: until when the vendor keeps one connection off one endpoint; <c>_id</c> derived from both.</summary>
[BsonIgnoreExtraElements]
internal sealed class EndpointLockDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("connection_id")]
    public string ConnectionId { get; set; } = "";

    [BsonElement("endpoint")]
    public string Endpoint { get; set; } = "";

    [BsonElement("locked_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset LockedUntil { get; set; }

    public static ObjectId IdOf(string connectionId, string endpoint) => DerivedIds.Of("endpoint_lock", connectionId, endpoint);
}
