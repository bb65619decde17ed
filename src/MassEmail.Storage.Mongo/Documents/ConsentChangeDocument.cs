using MassEmail.Core.Consent;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>consent_changes</c> document: one opt-out or list (un)subscription of a record (the history), and while
/// <see cref="Done"/> is false its outbox entry. The same shape is embedded, until copied here, in the changed
/// document's <c>consent_pending</c> array (see <c>MongoConsentStore</c>).
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class ConsentChangeDocument
{
    public const string PendingField = "consent_pending";

    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("record_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement("list_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string? ListId { get; set; }

    [BsonElement("kind")]
    [BsonRepresentation(BsonType.Int32)]
    public ConsentKind Kind { get; set; }

    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset At { get; set; }

    [BsonElement("done")]
    public bool Done { get; set; }

    /// <summary>The instance publishing it now (outbox lease), or null.</summary>
    [BsonElement("holder")]
    public string? Holder { get; set; }

    /// <summary>While held: when the lease ends; once deferred: when to try again; null: never claimed.</summary>
    [BsonElement("next_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? NextAt { get; set; }

    /// <summary>The publisher's targets that took the change already.</summary>
    [BsonElement("done_targets")]
    public List<string>? DoneTargets { get; set; }

    public static ConsentChangeDocument From(ConsentChange c) => new()
    {
        Id = c.Id,
        OrgId = c.OrgId,
        RecordId = c.RecordId,
        ListId = c.ListId,
        Kind = c.Kind,
        Source = c.Source,
        At = c.At,
    };

    public ConsentChange ToDomain() => new(Id, OrgId, RecordId, ListId, Kind, Source, At);
}
