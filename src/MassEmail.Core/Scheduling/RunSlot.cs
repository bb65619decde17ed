namespace MassEmail.Core.Scheduling;

/// <summary>
/// One of the organisation's run slots (<see cref="ScheduleSlots.MaxAtOnce"/> of them), held by the occurrence whose
/// send runs in it since <see cref="TakenAt"/>.
/// </summary>
public sealed record RunSlot(string OrgId, int Index, string ScheduleId, string LocalTime, DateTimeOffset TakenAt);
