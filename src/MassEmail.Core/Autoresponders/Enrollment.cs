namespace MassEmail.Core.Autoresponders;

/// <summary>
/// A record enrolled in an autoresponder, unique per (autoresponder, record). <see cref="Step"/> is the index of the next
/// step. <see cref="RunId"/> is set while a run holds the enrolment (claimed at <see cref="ClaimedAt"/>): the run's mass
/// send has the idempotency key <c>autoresponder:ID:RUN</c>, so a run taken over after a crash never sends twice.
/// </summary>
public sealed record Enrollment(
    string OrgId,
    string AutoresponderId,
    string RecordId,
    int Step,
    EnrollmentState State,
    DateTimeOffset DueAt,
    string Reason,
    string RunId,
    DateTimeOffset? ClaimedAt,
    string LastSendId,
    DateTimeOffset EnrolledAt,
    DateTimeOffset UpdatedAt);
