using MassEmail.Core.Autoresponders;

namespace MassEmail.Storage.Sqlite.Autoresponders;

/// <summary>An <c>autoresponder_enrollments</c> row, as Dapper reads and writes it.</summary>
internal sealed class EnrollmentRow
{
    public const string Columns =
        "org_id AS OrgId, autoresponder_id AS AutoresponderId, record_id AS RecordId, step AS Step, state AS State, due_at AS DueAt, "
        + "reason AS Reason, run_id AS RunId, claimed_at AS ClaimedAt, last_send_id AS LastSendId, enrolled_at AS EnrolledAt, updated_at AS UpdatedAt";

    public string OrgId { get; set; } = "";
    public string AutoresponderId { get; set; } = "";
    public string RecordId { get; set; } = "";
    public long Step { get; set; }
    public long State { get; set; }
    public long DueAt { get; set; }
    public string Reason { get; set; } = "";
    public string RunId { get; set; } = "";
    public long? ClaimedAt { get; set; }
    public string LastSendId { get; set; } = "";
    public long EnrolledAt { get; set; }
    public long UpdatedAt { get; set; }

    public static EnrollmentRow From(Enrollment e) => new()
    {
        OrgId = e.OrgId,
        AutoresponderId = e.AutoresponderId,
        RecordId = e.RecordId,
        Step = e.Step,
        State = (long)e.State,
        DueAt = UnixMilliseconds.From(e.DueAt),
        Reason = e.Reason,
        RunId = e.RunId,
        ClaimedAt = e.ClaimedAt is { } c ? UnixMilliseconds.From(c) : null,
        LastSendId = e.LastSendId,
        EnrolledAt = UnixMilliseconds.From(e.EnrolledAt),
        UpdatedAt = UnixMilliseconds.From(e.UpdatedAt),
    };

    public Enrollment ToDomain() => new(OrgId, AutoresponderId, RecordId, (int)Step, (EnrollmentState)State, UnixMilliseconds.ToTime(DueAt), Reason,
        RunId, ClaimedAt is { } c ? UnixMilliseconds.ToTime(c) : null, LastSendId, UnixMilliseconds.ToTime(EnrolledAt), UnixMilliseconds.ToTime(UpdatedAt));
}
