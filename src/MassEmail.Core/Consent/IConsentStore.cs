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
}
