using MassEmail.Core.Autoresponders;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// An <c>autoresponder_enrollments</c> document; its _id is derived from (autoresponder, record) (<see cref="DerivedIds"/>),
/// so an enrolment is unique per (autoresponder, record) on every MongoDB-wire server.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class EnrollmentDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("autoresponder_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string AutoresponderId { get; set; } = "";

    [BsonElement("record_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string RecordId { get; set; } = "";

    [BsonElement("step")]
    public int Step { get; set; }

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public EnrollmentState State { get; set; }

    [BsonElement("due_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset DueAt { get; set; }

    [BsonElement("reason")]
    public string Reason { get; set; } = "";

    [BsonElement("run_id")]
    public string RunId { get; set; } = "";

    [BsonElement("claimed_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? ClaimedAt { get; set; }

    [BsonElement("last_send_id")]
    public string LastSendId { get; set; } = "";

    [BsonElement("enrolled_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset EnrolledAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    public static string KeyOf(string autoresponderId, string recordId) => DerivedIds.Of("enrollment", autoresponderId, recordId).ToString();

    public static EnrollmentDocument FromDomain(Enrollment e) => new()
    {
        Id = KeyOf(e.AutoresponderId, e.RecordId),
        OrgId = e.OrgId,
        AutoresponderId = e.AutoresponderId,
        RecordId = e.RecordId,
        Step = e.Step,
        State = e.State,
        DueAt = e.DueAt,
        Reason = e.Reason,
        RunId = e.RunId,
        ClaimedAt = e.ClaimedAt,
        LastSendId = e.LastSendId,
        EnrolledAt = e.EnrolledAt,
        UpdatedAt = e.UpdatedAt,
    };

    public Enrollment ToDomain() =>
        new(OrgId, AutoresponderId, RecordId, Step, State, DueAt, Reason, RunId, ClaimedAt, LastSendId, EnrolledAt, UpdatedAt);
}
