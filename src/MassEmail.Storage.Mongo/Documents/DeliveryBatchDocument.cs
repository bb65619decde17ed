using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>delivery_batches</c> document: one claim unit of a send, written by the snapshot after its rows (whose
/// <c>batch_id</c> is this <c>_id</c>, the lowest delivery id of the batch). <c>owner</c>, <c>token</c> and
/// <c>lease_until</c> are set while CLAIMED; <c>in_flight_id</c> is the highest delivery id whose provider call may
/// have started.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DeliveryBatchDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("send_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string SendId { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("last_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string LastId { get; set; } = "";

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public DeliveryBatchState State { get; set; }

    [BsonElement("owner")]
    public string? Owner { get; set; }

    [BsonElement("token")]
    public string? Token { get; set; }

    [BsonElement("lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? LeaseUntil { get; set; }

    [BsonElement("in_flight_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string? InFlightId { get; set; }
}
