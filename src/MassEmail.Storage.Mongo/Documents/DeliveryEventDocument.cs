using MassEmail.Core.Deliverability;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>delivery_events</c> document: one provider event about one recipient of a send's message. Its <c>_id</c> is
/// derived from (org_id, send_id, event_id, email_key), so a retried event is stored once.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DeliveryEventDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("send_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string SendId { get; set; } = "";

    [BsonElement("event_id")]
    public string EventId { get; set; } = "";

    [BsonElement("email_key")]
    public string EmailKey { get; set; } = "";

    [BsonElement("provider_message_id")]
    public string ProviderMessageId { get; set; } = "";

    [BsonElement("kind")]
    public string Kind { get; set; } = "";

    [BsonElement("bounce")]
    [BsonRepresentation(BsonType.Int32)]
    public BounceType Bounce { get; set; }

    [BsonElement("sub_type")]
    public string SubType { get; set; } = "";

    [BsonElement("at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset At { get; set; }

    public static DeliveryEventDocument From(DeliveryEvent e) => new()
    {
        Id = DerivedIds.Of("delivery_event", e.OrgId, e.SendId, e.EventId, e.EmailKey),
        OrgId = e.OrgId,
        SendId = e.SendId,
        EventId = e.EventId,
        EmailKey = e.EmailKey,
        ProviderMessageId = e.ProviderMessageId,
        Kind = e.Kind,
        Bounce = e.Bounce,
        SubType = e.SubType,
        At = e.At,
    };

    public DeliveryEvent ToDomain() => new(OrgId, SendId, EventId, EmailKey, ProviderMessageId, Kind, Bounce, SubType, At);
}
