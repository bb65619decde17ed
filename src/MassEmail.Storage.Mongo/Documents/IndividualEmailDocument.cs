using MassEmail.Core.Recipients;
using MassEmail.Core.Sending.Individual;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// An <c>individual_emails</c> document: one SendEmail call. Its <c>_id</c> is derived from (org_id, idempotency_key),
/// so of concurrent calls with one key exactly one creates the document.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class IndividualEmailDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("email_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string EmailId { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("idempotency_key")]
    public string IdempotencyKey { get; set; } = "";

    [BsonElement("fingerprint")]
    public string Fingerprint { get; set; } = "";

    [BsonElement("user_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string UserId { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("record_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement("template_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string TemplateId { get; set; } = "";

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public IndividualEmailState State { get; set; }

    [BsonElement("holder")]
    public string Holder { get; set; } = "";

    [BsonElement("lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset LeaseUntil { get; set; }

    [BsonElement("to")]
    public string To { get; set; } = "";

    [BsonElement("message_id")]
    public string MessageId { get; set; } = "";

    [BsonElement("error")]
    public string Error { get; set; } = "";

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static ObjectId IdOf(string orgId, string idempotencyKey) => DerivedIds.Of("individual-email", orgId, idempotencyKey);

    public static IndividualEmailDocument From(IndividualEmail e) => new()
    {
        Id = IdOf(e.OrgId, e.IdempotencyKey),
        EmailId = e.Id,
        OrgId = e.OrgId,
        IdempotencyKey = e.IdempotencyKey,
        Fingerprint = e.Fingerprint,
        UserId = e.UserId,
        Module = e.Module,
        RecordId = e.RecordId,
        TemplateId = e.TemplateId,
        State = e.State,
        Holder = e.Holder,
        LeaseUntil = e.LeaseUntil,
        To = e.To,
        MessageId = e.MessageId,
        Error = e.Error,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
    };

    public IndividualEmail ToDomain() => new(
        EmailId, OrgId, IdempotencyKey, Fingerprint, UserId, Module, RecordId, TemplateId, State, Holder, LeaseUntil, To, MessageId, Error, CreatedAt, UpdatedAt);
}
