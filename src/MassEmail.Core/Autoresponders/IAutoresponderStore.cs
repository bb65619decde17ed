using MassEmail.Core.Templates;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// Persistence of autoresponders and their enrolments. The store decides: an enrolment is unique per (autoresponder,
/// record), so enrolling twice enrols once; a run claims due enrolments by writing its id into them where none is
/// written, so of several instances one claims each enrolment.
/// </summary>
public interface IAutoresponderStore
{
    Task InsertAsync(Autoresponder autoresponder, CancellationToken ct);

    Task<Autoresponder?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>At most <paramref name="limit"/> autoresponders of the organisation in id order, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<Autoresponder>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct);

    /// <summary>Active autoresponders of every organisation in id order, after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<Autoresponder>> ListActiveAsync(string? afterId, int limit, CancellationToken ct);

    /// <summary>Replaces the autoresponder (its enrol cursor too) if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(Autoresponder autoresponder, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// Moves the enrol cursor to <paramref name="cursor"/> if the autoresponder is still at
    /// <paramref name="version"/> (an activation in between starts over); does not change the version.
    /// </summary>
    Task<bool> SetCursorAsync(string orgId, string id, long version, DateTimeOffset cursor, CancellationToken ct);

    /// <summary>Deletes the autoresponder and its enrolments; false when it does not exist.</summary>
    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);

    /// <summary>Inserts the enrolments whose (autoresponder, record) has none yet; returns how many were inserted.</summary>
    Task<int> EnrollAsync(IReadOnlyList<Enrollment> enrollments, CancellationToken ct);

    /// <summary>At most <paramref name="limit"/> enrolments of the autoresponder in record id order, after <paramref name="afterRecordId"/>.</summary>
    Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(string orgId, string autoresponderId, string? afterRecordId, int limit, CancellationToken ct);

    /// <summary>Active enrolments held by no run whose due time is at or before <paramref name="now"/>, earliest first (then record id).</summary>
    Task<IReadOnlyList<Enrollment>> DueAsync(string orgId, string autoresponderId, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Writes <paramref name="runId"/> and <paramref name="now"/> into those of <paramref name="recordIds"/> that are
    /// active, at <paramref name="step"/> and held by no run; returns how many it claimed.
    /// </summary>
    Task<int> ClaimAsync(string orgId, string autoresponderId, int step, IReadOnlyList<string> recordIds, string runId, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Enrolments held by a run: those of <paramref name="runId"/> when given, else of any run claimed before
    /// <paramref name="claimedBefore"/> (its holder died or is slow), at most <paramref name="limit"/>, by run then record id.
    /// </summary>
    Task<IReadOnlyList<Enrollment>> ClaimedAsync(
        string orgId, string autoresponderId, string? runId, DateTimeOffset claimedBefore, int limit, CancellationToken ct);

    /// <summary>Applies <paramref name="change"/> to those of <paramref name="recordIds"/> still held by <paramref name="runId"/> and frees them; returns how many.</summary>
    Task<int> FinishAsync(string orgId, string autoresponderId, string runId, IReadOnlyList<string> recordIds, EnrollmentChange change, CancellationToken ct);
}
