using MassEmail.Core.Suppressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>suppressions</c> document: one suppressed address of an organisation. Its <c>_id</c> is derived from
/// (org_id, email_key), so of concurrent adds of one address exactly one creates the document.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class SuppressionDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("email_key")]
    public string EmailKey { get; set; } = "";

    [BsonElement("email")]
    public string Email { get; set; } = "";

    [BsonElement("reason")]
    [BsonRepresentation(BsonType.Int32)]
    public SuppressionReason Reason { get; set; }

    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("detail")]
    public string Detail { get; set; } = "";

    [BsonElement("at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset At { get; set; }

    public static ObjectId IdOf(string orgId, string emailKey) => DerivedIds.Of("suppression", orgId, emailKey);

    public static SuppressionDocument From(Suppression s) => new()
    {
        Id = IdOf(s.OrgId, s.EmailKey),
        OrgId = s.OrgId,
        EmailKey = s.EmailKey,
        Email = s.Email,
        Reason = s.Reason,
        Source = s.Source,
        Detail = s.Detail,
        At = s.At,
    };

    public Suppression ToDomain() => new(OrgId, EmailKey, Email, Reason, Source, Detail, At);
}
