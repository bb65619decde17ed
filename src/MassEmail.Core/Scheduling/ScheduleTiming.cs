namespace MassEmail.Core.Scheduling;

/// <summary>When a schedule fires: a wall-clock start in an IANA zone, and an optional recurrence after it.</summary>
public sealed record ScheduleTiming(DateTime StartLocal, string TimeZone, Recurrence? Recurrence);
