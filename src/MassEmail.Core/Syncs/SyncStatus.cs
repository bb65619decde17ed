namespace MassEmail.Core.Syncs;

/// <summary>
/// The stored status of a sync definition: a new definition is <see cref="Initial"/> (pending, nothing counted). Besides
/// what the API shows, it holds where the current run stands (<see cref="RunStartedAt"/>, <see cref="Cursor"/>,
/// <see cref="Full"/>, <see cref="Since"/>), so that any instance can take an interrupted run over from its last
/// checkpoint. Counts and failures are those of the current run, or of the last one when none runs.
/// </summary>
/// <param name="Cursor">The last record id (in id order) the current run has finished; null before the first or when no run is going on.</param>
/// <param name="Full">The current run sends every record of the source; otherwise only those updated after <paramref name="Since"/>.</param>
/// <param name="LastSuccessRunStartedAt">When the last successful run started: the next incremental run reads records updated after it.</param>
/// <param name="WaitingUntil">The current run waits for the vendor (a window, a lock, an outage) until then.</param>
/// <param name="Failures">The first contacts the vendor refused in the current (or last) run, at most <see cref="MaxFailures"/>.</param>
/// <param name="DoneAfterCursor">Records after <paramref name="Cursor"/> the vendor already answered (and that are
/// counted) when the run had to wait for an earlier one: passed over when the run goes on, not sent twice.</param>
/// <param name="RemovalsDone">The current run has taken deleted records off the remote list (or has none to, the
/// definition leaving them); it goes on with the source's records.</param>
/// <param name="RemovalCursorAt">With <paramref name="RemovalCursorId"/>: the last record deletion (by time, then
/// record id) the current run has finished; at a run's start, the time it reads deletions after.</param>
/// <param name="RemovedContacts">Contacts of deleted records the vendor took off the list in the current (or last) run.</param>
public sealed record SyncStatus(
    SyncState State,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string LastFailureMessage,
    long FailedContacts,
    DateTimeOffset? RunStartedAt = null,
    string? Cursor = null,
    bool Full = false,
    DateTimeOffset? Since = null,
    DateTimeOffset? LastSuccessRunStartedAt = null,
    long SyncedContacts = 0,
    long ConfirmationRequests = 0,
    DateTimeOffset? WaitingUntil = null,
    IReadOnlyList<SyncContactFailure>? Failures = null,
    IReadOnlyList<string>? DoneAfterCursor = null,
    bool RemovalsDone = false,
    DateTimeOffset? RemovalCursorAt = null,
    string? RemovalCursorId = null,
    long RemovedContacts = 0)
{
    /// <summary>How many refused contacts a status keeps with their reason (all are counted).</summary>
    public const int MaxFailures = 100;

    public static readonly SyncStatus Initial = new(SyncState.Pending, null, null, "", 0);

    /// <summary>The kept failures, never null.</summary>
    public IReadOnlyList<SyncContactFailure> FailureList => Failures ?? [];

    /// <summary>Records compare lists by reference; equal failures in equal order are equal.</summary>
    public bool Equals(SyncStatus? other) =>
        other is not null && State == other.State && LastSuccessAt == other.LastSuccessAt && LastFailureAt == other.LastFailureAt
        && LastFailureMessage == other.LastFailureMessage && FailedContacts == other.FailedContacts && RunStartedAt == other.RunStartedAt
        && Cursor == other.Cursor && Full == other.Full && Since == other.Since && LastSuccessRunStartedAt == other.LastSuccessRunStartedAt
        && SyncedContacts == other.SyncedContacts && ConfirmationRequests == other.ConfirmationRequests && WaitingUntil == other.WaitingUntil
        && FailureList.SequenceEqual(other.FailureList) && (DoneAfterCursor ?? []).SequenceEqual(other.DoneAfterCursor ?? [])
        && RemovalsDone == other.RemovalsDone && RemovalCursorAt == other.RemovalCursorAt && RemovalCursorId == other.RemovalCursorId
        && RemovedContacts == other.RemovedContacts;

    public override int GetHashCode() => HashCode.Combine(State, LastSuccessAt, Cursor, SyncedContacts, FailedContacts);
}
