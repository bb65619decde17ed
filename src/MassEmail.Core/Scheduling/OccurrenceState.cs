namespace MassEmail.Core.Scheduling;

/// <summary>What became of one occurrence of a schedule.</summary>
public enum OccurrenceState
{
    /// <summary>An instance holds it (until its lease ends) and is starting its send.</summary>
    Claimed = 1,
    Fired = 2,
    Missed = 3,
    Skipped = 4,

    /// <summary>
    /// Waiting to start: for a run slot (three scheduled sends of the organisation run) or for the next UTC day's quota.
    /// Its <see cref="Occurrence.LeaseUntil"/> is the earliest time to try again; any instance may then take it.
    /// </summary>
    Waiting = 5,
}
