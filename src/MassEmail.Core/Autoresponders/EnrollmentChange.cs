namespace MassEmail.Core.Autoresponders;

/// <summary>What finishing a run writes to its enrolments (their run is cleared).</summary>
public sealed record EnrollmentChange(int Step, EnrollmentState State, DateTimeOffset DueAt, string Reason, string LastSendId, DateTimeOffset At);
