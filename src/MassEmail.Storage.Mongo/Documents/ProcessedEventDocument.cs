using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A <c>processed_events</c> document: one provider event already applied. Its <c>_id</c> is derived from the event id.</summary>
[BsonIgnoreExtraElements]
internal sealed class ProcessedEventDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("event_id")]
    public string EventId { get; set; } = "";

    [BsonElement("kind")]
    public string Kind { get; set; } = "";

    [BsonElement("processed_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset ProcessedAt { get; set; }

    public static ObjectId IdOf(string eventId) => DerivedIds.Of("processed_event", eventId);
}
