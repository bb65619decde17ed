using MassEmail.Core.Templates;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// Persistence of schedules and their occurrences. The store decides: an occurrence is claimed by inserting it under
/// its unique (schedule, local time), so of several instances one wins. Every schedule write moves a store-wide
/// change marker, which instances poll to learn that their timers are stale.
/// </summary>
public interface IScheduleStore
{
    Task InsertAsync(Schedule schedule, CancellationToken ct);

    Task<Schedule?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>At most <paramref name="limit"/> schedules of the organisation in id order, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<Schedule>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct);

    /// <summary>Replaces the schedule if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(Schedule schedule, long expectedVersion, CancellationToken ct);

    /// <summary>Deletes the schedule (only at <paramref name="expectedVersion"/> when set); its occurrences stay.</summary>
    Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct);

    /// <summary>Active schedules of every organisation whose next fire time is at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Schedule>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>The earliest next fire time of any active schedule, or null.</summary>
    Task<DateTimeOffset?> NextFireAsync(CancellationToken ct);

    /// <summary>
    /// Moves the schedule's next fire time from <paramref name="expected"/> to <paramref name="next"/>; false when it
    /// is no longer <paramref name="expected"/> (an edit or another instance moved it) or the schedule is gone.
    /// Does not change the version: an edit racing the firing is not refused.
    /// </summary>
    Task<bool> AdvanceAsync(string orgId, string id, DateTimeOffset expected, DateTimeOffset? next, CancellationToken ct);

    /// <summary>A number that changes whenever a schedule is inserted, replaced or deleted.</summary>
    Task<long> ChangeMarkerAsync(CancellationToken ct);

    /// <summary>
    /// Inserts <paramref name="occurrence"/> (a claim, or directly an outcome such as missed). When one is stored
    /// under its key: Done if it has an outcome; Won after taking over a claim whose lease ended before
    /// <paramref name="occurrence"/>'s <see cref="Occurrence.RecordedAt"/>; Busy otherwise.
    /// </summary>
    Task<ClaimResult> ClaimAsync(Occurrence occurrence, CancellationToken ct);

    /// <summary>Records the outcome of an occurrence held by <paramref name="outcome"/>'s holder; false when another holds it now.</summary>
    Task<bool> CompleteAsync(Occurrence outcome, CancellationToken ct);

    /// <summary>The schedule's occurrences, latest fire time first, before <paramref name="beforeFireAt"/> when set.</summary>
    Task<IReadOnlyList<Occurrence>> ListOccurrencesAsync(string orgId, string scheduleId, DateTimeOffset? beforeFireAt, int limit, CancellationToken ct);
}
