using MassEmail.Core.Scheduling;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// When steps may go out: <see cref="Days"/> is a bit set of <see cref="DayOfWeek"/> (bit 0 Sunday), the local times
/// from <see cref="StartMinute"/> to <see cref="EndMinute"/> (minutes after midnight) in <see cref="TimeZone"/>.
/// </summary>
public sealed record SendingWindow(int Days, int StartMinute, int EndMinute, string TimeZone)
{
    public bool OnDay(DayOfWeek day) => (Days & (1 << (int)day)) != 0;

    /// <summary>
    /// <paramref name="due"/> when it falls in the window, else the window's next opening (a start the clocks skip that
    /// day opens when they resume).
    /// </summary>
    public DateTimeOffset Push(DateTimeOffset due)
    {
        var zone = ScheduleZones.Find(TimeZone) ?? throw new InvalidOperationException($"unknown time zone {TimeZone}");
        var local = ScheduleZones.InZone(zone, due);
        var minute = (local.Hour * 60) + local.Minute;
        if (OnDay(local.DayOfWeek) && minute >= StartMinute && minute < EndMinute)
        {
            return due;
        }

        for (var day = minute < StartMinute ? 0 : 1; day <= 8; day++)
        {
            var date = local.Date.AddDays(day);
            if (!OnDay(date.DayOfWeek))
            {
                continue;
            }

            var opening = date.AddMinutes(StartMinute);
            for (var shift = 0; shift < 4 * 60; shift += 15)
            {
                if (ScheduleZones.ToInstant(zone, opening.AddMinutes(shift)) is { } at && at > due)
                {
                    return at;
                }
            }
        }

        throw new InvalidOperationException("a sending window without days");
    }
}
