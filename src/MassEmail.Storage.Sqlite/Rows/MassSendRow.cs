using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Rows;

/// <summary>A <c>mass_sends</c> row as Dapper reads and writes it.</summary>
internal sealed class MassSendRow
{
    public const string Columns =
        "id AS Id, org_id AS OrgId, module AS Module, template_id AS TemplateId, template_version AS TemplateVersion, "
        + "from_choice AS FromChoice, reply_to_choice AS ReplyToChoice, created_by AS CreatedBy, content_json AS ContentJson, "
        + "audience_json AS AudienceJson, idempotency_key AS IdempotencyKey, state AS State, pause_reason AS PauseReason, "
        + "reserved AS Reserved, quota_day AS QuotaDay, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt, "
        + "snapshot_complete AS SnapshotComplete, snapshot_owner AS SnapshotOwner, snapshot_lease_until AS SnapshotLeaseUntil, "
        + "request_fingerprint AS RequestFingerprint, quota_settled AS QuotaSettled, snapshot_error AS SnapshotError, "
        + "batch_error AS BatchError";

    public const string Insert = """
        INSERT INTO mass_sends (id, org_id, module, template_id, template_version, from_choice, reply_to_choice, created_by,
            content_json, audience_json, idempotency_key, state, pause_reason, reserved, quota_day, version, created_at, updated_at,
            snapshot_complete, snapshot_owner, snapshot_lease_until, request_fingerprint, quota_settled, snapshot_error, batch_error)
        VALUES (@Id, @OrgId, @Module, @TemplateId, @TemplateVersion, @FromChoice, @ReplyToChoice, @CreatedBy,
            @ContentJson, @AudienceJson, @IdempotencyKey, @State, @PauseReason, @Reserved, @QuotaDay, @Version, @CreatedAt, @UpdatedAt,
            @SnapshotComplete, @SnapshotOwner, @SnapshotLeaseUntil, @RequestFingerprint, @QuotaSettled, @SnapshotError, @BatchError)
        """;

    public string Id { get; set; } = "";
    public string OrgId { get; set; } = "";
    public long Module { get; set; }
    public string TemplateId { get; set; } = "";
    public long TemplateVersion { get; set; }
    public long FromChoice { get; set; }
    public long ReplyToChoice { get; set; }
    public string CreatedBy { get; set; } = "";
    public string ContentJson { get; set; } = "";
    public string AudienceJson { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public long State { get; set; }
    public string PauseReason { get; set; } = "";
    public long Reserved { get; set; }
    public string QuotaDay { get; set; } = "";
    public long Version { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long SnapshotComplete { get; set; }
    public string? SnapshotOwner { get; set; }
    public long? SnapshotLeaseUntil { get; set; }
    public string? RequestFingerprint { get; set; }
    public long QuotaSettled { get; set; }
    public string SnapshotError { get; set; } = "";
    public string BatchError { get; set; } = "";

    public static MassSendRow From(MassSend s) => new()
    {
        Id = s.Id,
        OrgId = s.OrgId,
        Module = (long)s.Module,
        TemplateId = s.TemplateId,
        TemplateVersion = s.TemplateVersion,
        FromChoice = (long)s.FromChoice,
        ReplyToChoice = (long)s.ReplyToChoice,
        CreatedBy = s.CreatedByUserId,
        ContentJson = s.ContentJson,
        AudienceJson = s.AudienceJson,
        IdempotencyKey = s.IdempotencyKey,
        State = (long)s.State,
        PauseReason = s.PauseReason,
        Reserved = s.Reserved,
        QuotaDay = s.QuotaDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Version = s.Version,
        CreatedAt = UnixMilliseconds.From(s.CreatedAt),
        UpdatedAt = UnixMilliseconds.From(s.UpdatedAt),
        SnapshotComplete = s.SnapshotComplete ? 1 : 0,
        SnapshotOwner = s.SnapshotOwner,
        SnapshotLeaseUntil = UnixMilliseconds.From(s.SnapshotLeaseUntil),
        RequestFingerprint = s.RequestFingerprint,
        QuotaSettled = s.QuotaSettled ? 1 : 0,
        SnapshotError = s.SnapshotError,
        BatchError = s.BatchError,
    };

    public MassSend ToDomain() => new(
        Id, OrgId, (RecordModule)Module, TemplateId, TemplateVersion, (AddressChoice)FromChoice, (AddressChoice)ReplyToChoice, CreatedBy,
        ContentJson, AudienceJson, IdempotencyKey, (SendState)State, PauseReason, Reserved,
        DateOnly.ParseExact(QuotaDay, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Version,
        UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt), SnapshotComplete != 0, SnapshotOwner,
        UnixMilliseconds.ToTime(SnapshotLeaseUntil), RequestFingerprint, QuotaSettled != 0, SnapshotError, BatchError);
}
