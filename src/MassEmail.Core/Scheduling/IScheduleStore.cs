using MassEmail.Core.Templates;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// Persistence of schedules and their occurrences. The store decides: an occurrence is claimed by inserting it under
/// its unique (schedule, local time), so of several instances one wins. Every schedule write moves a store-wide
/// change marker, which instances poll to learn that their timers are stale.
/// </summary>
public interface IScheduleStore
{
    /// <summary>
    /// The organisation's slot version (0 before its first schedule): every <see cref="InsertAsync"/> and
    /// <see cref="ReplaceAsync"/> moves it, so a write decided on the schedules read at one version is refused when
    /// another write came in between (the check of three per minute holds across instances). A write that was decided
    /// but not finished (its writer died) is finished first.
    /// </summary>
    Task<long> SlotVersionAsync(string orgId, CancellationToken ct);

    /// <summary>Inserts the schedule if the organisation's slot version is still <paramref name="slotVersion"/>; false when it moved.</summary>
    Task<bool> InsertAsync(Schedule schedule, long slotVersion, CancellationToken ct);

    Task<Schedule?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>At most <paramref name="limit"/> schedules of the organisation in id order, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<Schedule>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct);

    /// <summary>
    /// Replaces the schedule if its stored version is <paramref name="expectedVersion"/> and the organisation's slot
    /// version is still <paramref name="slotVersion"/>; null when the slot version moved.
    /// </summary>
    Task<WriteOutcome?> ReplaceAsync(Schedule schedule, long expectedVersion, long slotVersion, CancellationToken ct);

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
    /// <paramref name="occurrence"/>'s <see cref="Occurrence.RecordedAt"/>, or (for a claim) a waiting occurrence whose
    /// retry time is at or before it; Busy otherwise.
    /// </summary>
    Task<ClaimResult> ClaimAsync(Occurrence occurrence, CancellationToken ct);

    /// <summary>
    /// Records the outcome (or <see cref="OccurrenceState.Waiting"/> with its retry time as the lease) of an occurrence
    /// held by <paramref name="outcome"/>'s holder; false when another holds it now.
    /// </summary>
    Task<bool> CompleteAsync(Occurrence outcome, CancellationToken ct);

    /// <summary>The schedule's occurrences, latest fire time first, before <paramref name="beforeFireAt"/> when set.</summary>
    Task<IReadOnlyList<Occurrence>> ListOccurrencesAsync(string orgId, string scheduleId, DateTimeOffset? beforeFireAt, int limit, CancellationToken ct);

    /// <summary>
    /// Waiting occurrences whose retry time is at or before <paramref name="now"/>, and claims whose lease ended before it
    /// (their holder died), of one organisation or of all, earliest fire time first (then schedule id).
    /// </summary>
    Task<IReadOnlyList<Occurrence>> WaitingAsync(string? orgId, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Takes a free one of the organisation's run slots 0 to <paramref name="slots"/> - 1 for the occurrence; true when it
    /// holds one now (also when it held one already: its <see cref="RunSlot.TakenAt"/> becomes <paramref name="now"/>).
    /// </summary>
    Task<bool> TakeRunSlotAsync(string orgId, string scheduleId, string localTime, int slots, DateTimeOffset now, CancellationToken ct);

    /// <summary>The organisation's taken run slots, by index.</summary>
    Task<IReadOnlyList<RunSlot>> RunSlotsAsync(string orgId, CancellationToken ct);

    /// <summary>Frees the slot if the same occurrence still holds it; false otherwise.</summary>
    Task<bool> ReleaseRunSlotAsync(RunSlot slot, CancellationToken ct);
}
