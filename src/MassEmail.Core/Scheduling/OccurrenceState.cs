namespace MassEmail.Core.Scheduling;

/// <summary>What became of one occurrence of a schedule.</summary>
public enum OccurrenceState
{
    /// <summary>An instance holds it (until its lease ends) and is starting its send.</summary>
    Claimed = 1,
    Fired = 2,
    Missed = 3,
    Skipped = 4,
}
