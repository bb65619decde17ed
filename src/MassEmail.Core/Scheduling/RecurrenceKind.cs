namespace MassEmail.Core.Scheduling;

/// <summary>The rule a schedule repeats by after its start.</summary>
public enum RecurrenceKind
{
    Daily = 1,
    Weekly = 2,
    Monthly = 3,
    Cron = 4,
}
