namespace MassEmail.Server.Tests.Scheduling;

/// <summary>The day the firing tests run on: the clock starts at 10:00Z, a schedule fires at 12:30 Warsaw (CEST), 10:30Z.</summary>
internal static class ScheduleTimes
{
    public static readonly DateTimeOffset Start = new(2027, 5, 3, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateTime FireLocal = new(2027, 5, 3, 12, 30, 0);

    public static readonly DateTimeOffset FireAt = new(2027, 5, 3, 10, 30, 0, TimeSpan.Zero);
}
