namespace MassEmail.Core.Scheduling;

/// <summary>
/// The calendar arithmetic of schedules, done by a scheduler library outside Core (Quartz): cron syntax and the
/// occurrences of a timing, in its zone, with that library's DST behaviour.
/// </summary>
public interface IScheduleCalendar
{
    /// <summary>Null when <paramref name="expression"/> is a valid cron expression, else why not.</summary>
    string? CronError(string expression);

    /// <summary>
    /// The occurrences of <paramref name="timing"/> strictly after <paramref name="after"/>, in order, each with the
    /// zone's offset at that instant; finite when the recurrence has an end or a count, or there is none.
    /// </summary>
    IEnumerable<DateTimeOffset> OccurrencesAfter(ScheduleTiming timing, DateTimeOffset after);
}
