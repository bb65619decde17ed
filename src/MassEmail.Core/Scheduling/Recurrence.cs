using System.Text.Json;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// How a schedule repeats: <see cref="Days"/> is a bit set of <see cref="DayOfWeek"/> (bit 0 Sunday) for weekly rules,
/// <see cref="DayOfMonth"/> for monthly ones, <see cref="Cron"/> a Quartz expression; optional last local date and
/// number of occurrences (0: no limit).
/// </summary>
public sealed record Recurrence(RecurrenceKind Kind, int Days, int DayOfMonth, string Cron, DateOnly? EndDate, int Count)
{
    public const int MaxCount = 1000;
    public const int MaxCronLength = 200;

    public bool OnDay(DayOfWeek day) => (Days & (1 << (int)day)) != 0;

    public string ToJson() => JsonSerializer.Serialize(this);

    public static Recurrence? FromJson(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Recurrence>(json);
}
