using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>delivery_batches</c> document: one claim unit of a send, written by the snapshot before its rows (whose
/// <c>batch_id</c> is this <c>_id</c>, the lowest delivery id of the batch) and claimable once they are all written.
/// <c>owner</c>, <c>token</c> and <c>lease_until</c> are set while CLAIMED; <c>in_flight_id</c> is the highest delivery
/// id whose provider call may have started. <c>counts</c>, <c>dirty</c> and <c>gen</c> keep the send's counts (see
/// <see cref="Sending.MongoDeliveryCounts"/>); documents of an earlier build have none of them.
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

    /// <summary>The batch's rows per state as of its last settle; what readers add up while the batch is trusted.</summary>
    [BsonElement("counts")]
    [BsonIgnoreIfNull]
    public DeliveryBatchCountsDocument? Counts { get; set; }

    /// <summary>Writers that announced a change of the batch's rows and have not settled it yet (a dead writer's stays).</summary>
    [BsonElement("dirty")]
    [BsonIgnoreIfNull]
    public int? Dirty { get; set; }

    /// <summary>Raised by every announcement and every settle: a settle applies only if nothing of either happened since its read.</summary>
    [BsonElement("gen")]
    [BsonIgnoreIfNull]
    public long? Gen { get; set; }

    /// <summary>Written by an append whose rows may not all be stored yet: not claimable (DONE) until the append finishes it.</summary>
    [BsonElement("appending")]
    [BsonIgnoreIfDefault]
    public bool Appending { get; set; }
}
