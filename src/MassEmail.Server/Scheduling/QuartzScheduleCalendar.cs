using MassEmail.Core.Scheduling;
using Quartz;

namespace MassEmail.Server.Scheduling;

/// <summary>
/// Occurrences of schedules computed by Quartz.NET's <see cref="CronExpression"/> in the schedule's zone, so DST is
/// handled as Quartz 4.7.3 does: a wall-clock time the clocks skip fires once at the end of the gap (02:30 → 03:00),
/// one they repeat fires once, at its first occurrence. Daily, weekly and monthly rules become cron expressions at
/// the start's time of day; a schedule without recurrence fires once, at its start.
/// </summary>
internal sealed class QuartzScheduleCalendar : IScheduleCalendar
{
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public string? CronError(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    public IEnumerable<DateTimeOffset> OccurrencesAfter(ScheduleTiming timing, DateTimeOffset after)
    {
        var zone = ScheduleZones.Find(timing.TimeZone);
        if (zone is null)
        {
            yield break;
        }

        var start = ScheduleZones.ToInstant(zone, timing.StartLocal) ?? new DateTimeOffset(timing.StartLocal, zone.BaseUtcOffset);
        if (timing.Recurrence is not { } r)
        {
            if (start > after)
            {
                yield return start;
            }

            yield break;
        }

        var cron = new CronExpression(CronOf(r, timing.StartLocal), zone);

        // With a count, occurrences are numbered from the start; without one the walk may begin at `after`.
        var cursor = r.Count == 0 && after > start ? after : start.AddSeconds(-1);
        var index = 0;
        while (cron.GetNextValidTimeAfter(cursor) is { } next)
        {
            var zoned = ScheduleZones.InZone(zone, next);
            if ((r.EndDate is { } end && DateOnly.FromDateTime(zoned.DateTime) > end) || (r.Count > 0 && ++index > r.Count))
            {
                yield break;
            }

            if (next > after)
            {
                yield return zoned;
            }

            cursor = next;
        }
    }

    private static string CronOf(Recurrence r, DateTime start) => r.Kind switch
    {
        RecurrenceKind.Daily => $"0 {start.Minute} {start.Hour} * * ?",
        RecurrenceKind.Weekly => $"0 {start.Minute} {start.Hour} ? * {string.Join(',', Enumerable.Range(0, 7).Where(d => r.OnDay((DayOfWeek)d)).Select(d => DayNames[d]))}",
        RecurrenceKind.Monthly => $"0 {start.Minute} {start.Hour} {r.DayOfMonth} * ?",
        _ => r.Cron,
    };
}
