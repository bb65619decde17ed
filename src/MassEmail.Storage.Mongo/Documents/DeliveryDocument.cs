using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>deliveries</c> document: one recipient of a send, unique per (send_id, record_id).
/// <c>claimed_by</c> and <c>lease_until</c> are set exactly while the row is CLAIMED.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DeliveryDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("send_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string SendId { get; set; } = "";

    [BsonElement("record_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement("email")]
    public string Email { get; set; } = "";

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public DeliveryState State { get; set; }

    [BsonElement("skip")]
    [BsonRepresentation(BsonType.Int32)]
    public SkipReason Skip { get; set; }

    [BsonElement("attempts")]
    public int Attempts { get; set; }

    [BsonElement("claimed_by")]
    public string? ClaimedBy { get; set; }

    [BsonElement("lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>
    /// Unique per claim call: the rows a claim won are read back by it, which stays exact even if two
    /// claimers' updates of a row interleave (the last writer's token is the one left).
    /// </summary>
    [BsonElement("claim_token")]
    [BsonIgnoreIfNull]
    public ObjectId? ClaimToken { get; set; }

    /// <summary>The claim unit (<c>delivery_batches</c> <c>_id</c>) of a row the snapshot wrote PENDING; null for the others.</summary>
    [BsonElement("batch_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    [BsonIgnoreIfNull]
    public string? BatchId { get; set; }

    [BsonElement("message_id")]
    public string MessageId { get; set; } = "";

    [BsonElement("error")]
    public string Error { get; set; } = "";

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static DeliveryDocument FromDomain(Delivery d) => new()
    {
        Id = d.Id,
        OrgId = d.OrgId,
        SendId = d.SendId,
        RecordId = d.RecordId,
        Email = d.Email,
        State = d.State,
        Skip = d.Skip,
        Attempts = d.Attempts,
        ClaimedBy = d.ClaimedBy,
        LeaseUntil = d.LeaseUntil,
        MessageId = d.MessageId,
        Error = d.Error,
        UpdatedAt = d.UpdatedAt,
    };

    public Delivery ToDomain() =>
        new(Id, OrgId, SendId, RecordId, Email, State, Skip, Attempts, ClaimedBy, LeaseUntil, MessageId, Error, UpdatedAt);
}
