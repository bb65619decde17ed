namespace MassEmail.Core.Consent;

/// <summary>
/// Opt-outs and list (un)subscriptions with their history and their outbox. <see cref="ApplyAsync"/> changes the
/// record's opt-out or its state on the list and writes the history entry and the outbox entry in the same write (one
/// transaction, or one document update), so no change exists without its entry, whatever line a process dies at.
/// </summary>
public interface IConsentStore
{
    /// <summary>Applies and records the change; false (nothing written) when the record does not exist in the organisation.</summary>
    Task<bool> ApplyAsync(ConsentChange change, CancellationToken ct);

    /// <summary>The record's changes, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ConsentChange>> HistoryAsync(string orgId, string recordId, int limit, CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="limit"/> changes not yet marked done, of every organisation, in the order they were
    /// written (the changes of one record always in order), for the plugin layer to publish.
    /// </summary>
    Task<IReadOnlyList<ConsentChange>> ReadPendingAsync(int limit, CancellationToken ct);

    /// <summary>Marks the changes published: <see cref="ReadPendingAsync"/> returns them no more. Unknown ids are ignored.</summary>
    Task MarkDoneAsync(IReadOnlyList<string> changeIds, CancellationToken ct);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending changes for <paramref name="holder"/> until
    /// <paramref name="leaseUntil"/>, in write order: those never claimed, deferred until <paramref name="now"/> or
    /// earlier, or whose holder's lease has ended. Several instances on one store never hold one change at once.
    /// </summary>
    Task<IReadOnlyList<PendingConsentChange>> ClaimPendingAsync(string holder, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Hands a claimed change back, due again at <paramref name="retryAt"/>, remembering the targets that took it;
    /// false (nothing written) when <paramref name="holder"/> no longer holds it.
    /// </summary>
    Task<bool> DeferAsync(string changeId, string holder, DateTimeOffset retryAt, IReadOnlyList<string> doneTargets, CancellationToken ct);

    /// <summary>How many changes are not yet marked done (the outbox's depth, for the metrics).</summary>
    Task<long> CountPendingAsync(CancellationToken ct);
}
