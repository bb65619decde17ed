using MassEmail.Core.Errors;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// The timing rules of a schedule: a known IANA zone, a start that exists there and (unless kept from the stored
/// schedule) is not past, a recurrence with a valid rule, occurrences left and not too many of them.
/// </summary>
public static class ScheduleRules
{
    public const int MaxNameLength = 200;
    public const int MaxPerDay = 24;

    /// <summary>The first occurrence after <paramref name="now"/>; <see cref="ValidationException"/> naming every broken rule.</summary>
    public static DateTimeOffset Check(IScheduleCalendar calendar, ScheduleDraft draft, ScheduleTiming? stored, DateTimeOffset now)
    {
        List<FieldViolation> violations = [];
        var name = draft.Name.Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            violations.Add(new("name", $"1 to {MaxNameLength} characters are required"));
        }

        return CheckTiming(calendar, draft.Timing, stored, now, violations);
    }

    /// <summary>
    /// The timing rules alone (also those of plugin sync schedules): the first occurrence after <paramref name="now"/>;
    /// <see cref="ValidationException"/> naming every broken rule, with <paramref name="violations"/> found before.
    /// Fields are <c>time_zone</c>, <c>start</c> and <c>recurrence…</c>.
    /// </summary>
    public static DateTimeOffset CheckTiming(IScheduleCalendar calendar, ScheduleTiming draft, ScheduleTiming? stored, DateTimeOffset now, List<FieldViolation>? violations = null)
    {
        violations ??= [];
        var zone = ScheduleZones.Find(draft.TimeZone);
        if (zone is null)
        {
            violations.Add(new("time_zone", draft.TimeZone.Length == 0 ? "is required (an IANA id such as Europe/Warsaw)" : "is not a known IANA time zone id"));
        }
        else if (ScheduleZones.ToInstant(zone, draft.StartLocal) is not { } start)
        {
            violations.Add(new("start", $"{Schedule.FormatLocal(draft.StartLocal)} does not exist in {draft.TimeZone}: the clocks skip it that day (daylight saving time)"));
        }
        else if (start <= now && (stored is null || stored.StartLocal != draft.StartLocal || stored.TimeZone != draft.TimeZone))
        {
            violations.Add(new("start", $"{Schedule.FormatLocal(draft.StartLocal)} {draft.TimeZone} is in the past"));
        }

        if (draft.Recurrence is { } r)
        {
            CheckRecurrence(calendar, r, draft.StartLocal, violations);
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        var first = calendar.OccurrencesAfter(draft, now).Take(1).ToList();
        if (first.Count == 0)
        {
            throw new ValidationException(draft.Recurrence is null ? "start" : "recurrence", "leaves no occurrence after now");
        }

        if (draft.Recurrence is { Kind: RecurrenceKind.Cron })
        {
            // More than MaxPerDay occurrences in any 24 hours is not a schedule of mass emails but a flood.
            var next = calendar.OccurrencesAfter(draft, first[0].AddTicks(-1)).Take(MaxPerDay + 1).ToList();
            if (next.Count > MaxPerDay && next[^1] - next[0] < TimeSpan.FromDays(1))
            {
                throw new ValidationException("recurrence.cron", $"fires more than {MaxPerDay} times in 24 hours");
            }
        }

        return first[0];
    }

    private static void CheckRecurrence(IScheduleCalendar calendar, Recurrence r, DateTime startLocal, List<FieldViolation> violations)
    {
        switch (r.Kind)
        {
            case RecurrenceKind.Daily:
                break;
            case RecurrenceKind.Weekly when r.Days is <= 0 or >= 1 << 7:
                violations.Add(new("recurrence.weekly.days", "at least one day is required"));
                break;
            case RecurrenceKind.Monthly when r.DayOfMonth is < 1 or > 31:
                violations.Add(new("recurrence.monthly.day_of_month", "must be between 1 and 31"));
                break;
            case RecurrenceKind.Cron when r.Cron.Length is 0 or > Recurrence.MaxCronLength:
                violations.Add(new("recurrence.cron", $"1 to {Recurrence.MaxCronLength} characters are required"));
                break;
            case RecurrenceKind.Cron when calendar.CronError(r.Cron) is { } error:
                violations.Add(new("recurrence.cron", $"is not a valid cron expression: {error}"));
                break;
        }

        if (r.Count is < 0 or > Recurrence.MaxCount)
        {
            violations.Add(new("recurrence.count", $"at most {Recurrence.MaxCount} occurrences are allowed (0: no limit)"));
        }

        if (r.EndDate is { } end && end < DateOnly.FromDateTime(startLocal))
        {
            violations.Add(new("recurrence.end_date", "is before the start's date"));
        }
    }
}
