using MassEmail.Core.Recipients.Lists;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>list_subscriptions</c> document: one record's state on one list, unique per
/// (org_id, list_id, record_id); the id is the server's. Element names are in <see cref="SubscriptionFields"/>.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class ListSubscriptionDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement(SubscriptionFields.OrgId)]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement(SubscriptionFields.ListId)]
    [BsonRepresentation(BsonType.ObjectId)]
    public string ListId { get; set; } = "";

    [BsonElement(SubscriptionFields.RecordId)]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement(SubscriptionFields.State)]
    [BsonRepresentation(BsonType.Int32)]
    public SubscriptionState State { get; set; }

    [BsonElement(SubscriptionFields.Source)]
    public string Source { get; set; } = "";

    [BsonElement(SubscriptionFields.At)]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset At { get; set; }

    public ListSubscription ToDomain() => new(OrgId, ListId, RecordId, State, Source, At);
}
