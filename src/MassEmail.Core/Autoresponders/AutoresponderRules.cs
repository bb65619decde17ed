using MassEmail.Core.Errors;
using MassEmail.Core.Scheduling;

namespace MassEmail.Core.Autoresponders;

/// <summary>The shape rules of an autoresponder: a name, 1 to <see cref="MaxSteps"/> steps with bounded delays, a sound window.</summary>
public static class AutoresponderRules
{
    public const int MaxNameLength = 200;
    public const int MaxSteps = 20;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    public static void Check(AutoresponderDraft draft)
    {
        List<FieldViolation> violations = [];
        var name = draft.Name.Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            violations.Add(new("name", $"1 to {MaxNameLength} characters are required"));
        }

        if (draft.Steps.Count is 0 or > MaxSteps)
        {
            violations.Add(new("steps", $"1 to {MaxSteps} steps are required"));
        }

        for (var i = 0; i < draft.Steps.Count && i < MaxSteps; i++)
        {
            if (draft.Steps[i].Delay < TimeSpan.Zero || draft.Steps[i].Delay > MaxDelay)
            {
                violations.Add(new($"steps[{i}].delay_days", $"the delay must be between 0 and {MaxDelay.TotalDays} days"));
            }
        }

        if (draft.Window is { } w)
        {
            if (w.Days is <= 0 or >= 1 << 7)
            {
                violations.Add(new("window.days", "at least one day is required"));
            }

            if (w.StartMinute is < 0 or >= 24 * 60)
            {
                violations.Add(new("window.start_minute", "must be between 0 and 1439"));
            }

            if (w.EndMinute <= w.StartMinute || w.EndMinute > 24 * 60)
            {
                violations.Add(new("window.end_minute", "must be after start_minute and at most 1440"));
            }

            if (ScheduleZones.Find(w.TimeZone) is null)
            {
                violations.Add(new("window.time_zone", w.TimeZone.Length == 0 ? "is required (an IANA id such as Europe/Warsaw)" : "is not a known IANA time zone id"));
            }
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }
    }
}
