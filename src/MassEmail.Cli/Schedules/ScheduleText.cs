using System.Globalization;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Schedules;

/// <summary>How a schedule and its occurrences read in text output.</summary>
internal static class ScheduleText
{
    public static string Start(Schedule s) => s.Start is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{s.Start.Year:D4}-{s.Start.Month:D2}-{s.Start.Day:D2} {s.Start.Hour:D2}:{s.Start.Minute:D2} {s.TimeZone}");

    public static string Recurrence(Schedule s)
    {
        var r = s.Recurrence;
        if (r is null)
        {
            return "once";
        }

        var rule = r.RuleCase switch
        {
            Contracts.V1.Recurrence.RuleOneofCase.Daily => "daily",
            Contracts.V1.Recurrence.RuleOneofCase.Weekly => "weekly on " + string.Join(",", r.Weekly.Days.Select(Day)),
            Contracts.V1.Recurrence.RuleOneofCase.Monthly => string.Create(CultureInfo.InvariantCulture, $"monthly on day {r.Monthly.DayOfMonth}"),
            Contracts.V1.Recurrence.RuleOneofCase.Cron => "cron " + r.Cron,
            _ => "once",
        };
        if (r.EndDate is { } end)
        {
            rule += string.Create(CultureInfo.InvariantCulture, $" until {end.Year:D4}-{end.Month:D2}-{end.Day:D2}");
        }

        if (r.Count > 0)
        {
            rule += string.Create(CultureInfo.InvariantCulture, $", {r.Count} times");
        }

        return rule;
    }

    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? t) => t is null ? "-" : $"{t.ToDateTimeOffset():u}";

    public static string State(OccurrenceState state) => state switch
    {
        OccurrenceState.Claimed => "claimed",
        OccurrenceState.Fired => "fired",
        OccurrenceState.Missed => "missed",
        OccurrenceState.Skipped => "skipped",
        OccurrenceState.Waiting => "waiting",
        _ => "unspecified",
    };

    private static string Day(Weekday day) => day switch
    {
        Weekday.Monday => "Mon",
        Weekday.Tuesday => "Tue",
        Weekday.Wednesday => "Wed",
        Weekday.Thursday => "Thu",
        Weekday.Friday => "Fri",
        Weekday.Saturday => "Sat",
        Weekday.Sunday => "Sun",
        _ => "?",
    };
}
