using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>The one <c>schedule_markers</c> document (<c>_id</c> derived from "schedules"): a counter every schedule write increments.</summary>
[BsonIgnoreExtraElements]
internal sealed class ScheduleMarkerDocument
{
    public static readonly ObjectId TheId = DerivedIds.Of("schedule_marker", "schedules");

    [BsonId]
    public ObjectId Id { get; set; } = TheId;

    [BsonElement("value")]
    public long Value { get; set; }
}
