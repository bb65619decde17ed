using System.Globalization;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// The reference product's rule of at most <see cref="MaxAtOnce"/> mass-mail processes at one scheduled time per
/// organisation. At create and update, an active schedule's occurrences within <see cref="Horizon"/> from its next one
/// are compared by UTC minute with those of the organisation's other active schedules in the same time; a minute that
/// would hold a fourth is refused.
/// </summary>
public static class ScheduleSlots
{
    public const int MaxAtOnce = 3;

    /// <summary>How far recurrences are compared: their occurrences in the 366 days from the schedule's next occurrence.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    public const string ClashType = "SCHEDULE_SLOT_FULL";

    /// <summary>
    /// FAILED_PRECONDITION (<see cref="ClashType"/>) naming the <see cref="MaxAtOnce"/> schedules of <paramref name="others"/>
    /// that fire in the earliest UTC minute that <paramref name="timing"/> would make a fourth one.
    /// </summary>
    public static void RequireRoom(IScheduleCalendar calendar, ScheduleTiming timing, IEnumerable<Schedule> others, DateTimeOffset now)
    {
        if (calendar.OccurrencesAfter(timing, now).Select(o => (DateTimeOffset?)o).FirstOrDefault() is not { } first)
        {
            return;
        }

        var from = first.AddTicks(-1);
        var minutes = Minutes(calendar, timing, from).ToHashSet();

        var byMinute = new Dictionary<long, List<Schedule>>();
        foreach (var other in others)
        {
            foreach (var minute in Minutes(calendar, other.Timing, from).Where(minutes.Contains).Distinct())
            {
                if (!byMinute.TryGetValue(minute, out var list))
                {
                    byMinute[minute] = list = [];
                }

                list.Add(other);
            }
        }

        var full = byMinute.Where(p => p.Value.Count >= MaxAtOnce).OrderBy(p => p.Key).Select(p => (KeyValuePair<long, List<Schedule>>?)p).FirstOrDefault();
        if (full is { } clash)
        {
            var at = new DateTimeOffset(clash.Key * TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var names = string.Join(", ", clash.Value.OrderBy(s => s.Id, StringComparer.Ordinal).Take(MaxAtOnce).Select(s => $"{s.Id} '{InputText.Quote(s.Name)}'"));
            throw new PreconditionFailedException(ClashType, "schedule.start",
                $"At most {MaxAtOnce} scheduled mass emails of an organisation may fire in one minute; at {at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)}Z "
                + $"this one would be the fourth, with {names}.");
        }
    }

    /// <summary>The UTC minutes (ticks / minute) of the timing's occurrences after <paramref name="from"/> within the horizon.</summary>
    private static IEnumerable<long> Minutes(IScheduleCalendar calendar, ScheduleTiming timing, DateTimeOffset from)
    {
        var end = from + Horizon;
        return calendar.OccurrencesAfter(timing, from).TakeWhile(o => o <= end).Select(o => o.UtcTicks / TimeSpan.TicksPerMinute);
    }
}
