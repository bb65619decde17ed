using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// An <c>endpoint_calls</c> document: the calls to one endpoint of one connection counted in one bucket of one window
/// (see <see cref="MassEmail.Core.Connections.EndpointWindows"/>). Its <c>_id</c> is derived from (connection,
/// endpoint, period, bucket start), so concurrent first calls in a bucket create one document; the TTL index removes it
/// once it expired (reads skip expired ones before that).
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class EndpointCallDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("connection_id")]
    public string ConnectionId { get; set; } = "";

    [BsonElement("endpoint")]
    public string Endpoint { get; set; } = "";

    [BsonElement("period_ms")]
    public long PeriodMilliseconds { get; set; }

    [BsonElement("bucket_start")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset BucketStart { get; set; }

    [BsonElement("expire_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset ExpireAt { get; set; }

    [BsonElement("calls")]
    public long Calls { get; set; }

    public static ObjectId IdOf(string connectionId, string endpoint, long periodMilliseconds, DateTimeOffset bucketStart) => DerivedIds.Of(
        "endpoint_call", connectionId, endpoint,
        periodMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bucketStart.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
}
