using System.Globalization;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>mass_sends</c> document; <c>version</c> guards every replace, and the snapshot lease fields
/// make the snapshot job claimable by exactly one worker at a time.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class MassSendDocument
{
    [BsonId]
    [BsonRepresentation(BsonType.ObjectId)]
    public string Id { get; set; } = "";

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("module")]
    [BsonRepresentation(BsonType.Int32)]
    public RecordModule Module { get; set; }

    [BsonElement("template_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string TemplateId { get; set; } = "";

    [BsonElement("template_version")]
    [BsonRepresentation(BsonType.Int64)]
    public long TemplateVersion { get; set; }

    [BsonElement("from_choice")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice FromChoice { get; set; }

    [BsonElement("reply_to_choice")]
    [BsonRepresentation(BsonType.Int32)]
    public AddressChoice ReplyToChoice { get; set; }

    [BsonElement("created_by_user_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string CreatedByUserId { get; set; } = "";

    [BsonElement("content_json")]
    public string ContentJson { get; set; } = "";

    [BsonElement("audience_json")]
    public string AudienceJson { get; set; } = "";

    [BsonElement("idempotency_key")]
    public string IdempotencyKey { get; set; } = "";

    [BsonElement("state")]
    [BsonRepresentation(BsonType.Int32)]
    public SendState State { get; set; }

    [BsonElement("pause_reason")]
    public string PauseReason { get; set; } = "";

    [BsonElement("reserved")]
    [BsonRepresentation(BsonType.Int64)]
    public long Reserved { get; set; }

    /// <summary>The UTC day of the reservation as <c>yyyy-MM-dd</c>: exact, readable, and the same text the quota counters use.</summary>
    [BsonElement("quota_day")]
    public string QuotaDay { get; set; } = "";

    [BsonElement("version")]
    [BsonRepresentation(BsonType.Int64)]
    public long Version { get; set; }

    [BsonElement("created_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset CreatedAt { get; set; }

    [BsonElement("updated_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset UpdatedAt { get; set; }

    [BsonElement("snapshot_complete")]
    public bool SnapshotComplete { get; set; }

    [BsonElement("snapshot_owner")]
    public string? SnapshotOwner { get; set; }

    [BsonElement("snapshot_lease_until")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? SnapshotLeaseUntil { get; set; }

    /// <summary>Missing in documents written before fingerprints existed: read as null (see <see cref="MassSend.RequestFingerprint"/>).</summary>
    [BsonElement("request_fingerprint")]
    public string? RequestFingerprint { get; set; }

    /// <summary>
    /// Missing in documents written before quota settlement existed: a completed or cancelled send reads as settled (the
    /// earlier build gave back a completed send's rest at completion and kept a cancelled send's reservation), a running
    /// one as unsettled, like new sends (see <see cref="MassSend.QuotaSettled"/>). Every final write stores it.
    /// </summary>
    [BsonElement("quota_settled")]
    [BsonIgnoreIfNull]
    public bool? QuotaSettled { get; set; }

    /// <summary>Missing in documents written before it existed: such a send's snapshot never failed.</summary>
    [BsonElement("snapshot_error")]
    public string SnapshotError { get; set; } = "";

    /// <summary>Missing in documents written before it existed: such a send's batches never failed.</summary>
    [BsonElement("batch_error")]
    public string BatchError { get; set; } = "";

    public static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static MassSendDocument FromDomain(MassSend s) => new()
    {
        Id = s.Id,
        OrgId = s.OrgId,
        Module = s.Module,
        TemplateId = s.TemplateId,
        TemplateVersion = s.TemplateVersion,
        FromChoice = s.FromChoice,
        ReplyToChoice = s.ReplyToChoice,
        CreatedByUserId = s.CreatedByUserId,
        ContentJson = s.ContentJson,
        AudienceJson = s.AudienceJson,
        IdempotencyKey = s.IdempotencyKey,
        State = s.State,
        PauseReason = s.PauseReason,
        Reserved = s.Reserved,
        QuotaDay = DayText(s.QuotaDay),
        Version = s.Version,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        SnapshotComplete = s.SnapshotComplete,
        SnapshotOwner = s.SnapshotOwner,
        SnapshotLeaseUntil = s.SnapshotLeaseUntil,
        RequestFingerprint = s.RequestFingerprint,
        QuotaSettled = s.QuotaSettled,
        SnapshotError = s.SnapshotError,
        BatchError = s.BatchError,
    };

    public MassSend ToDomain() => new(
        Id,
        OrgId,
        Module,
        TemplateId,
        TemplateVersion,
        FromChoice,
        ReplyToChoice,
        CreatedByUserId,
        ContentJson,
        AudienceJson,
        IdempotencyKey,
        State,
        PauseReason,
        Reserved,
        DateOnly.ParseExact(QuotaDay, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Version,
        CreatedAt,
        UpdatedAt,
        SnapshotComplete,
        SnapshotOwner,
        SnapshotLeaseUntil,
        RequestFingerprint,
        QuotaSettled ?? State is SendState.Completed or SendState.Cancelled,
        SnapshotError,
        BatchError);
}
