namespace MassEmail.Core.Recipients;

/// <summary>Persistence of records; every call is scoped to one organisation.</summary>
public interface IRecordStore
{
    /// <summary>
    /// Upserts by (organisation, module, external id), in order, and reports per record what happened.
    /// A new record keeps the given <see cref="RecipientRecord.Id"/> and times; an existing one keeps its
    /// id and <c>CreatedAt</c>. A record whose stored <see cref="RecipientRecord.ContentHash"/> equals the
    /// given one is not written at all. <see cref="RecipientRecord.EmailOptOut"/> is sticky: true stays true.
    /// All records of one call belong to <paramref name="orgId"/> and <paramref name="module"/>.
    /// </summary>
    Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(string orgId, RecordModule module, IReadOnlyList<RecipientRecord> records, CancellationToken ct);

    Task<RecipientRecord?> GetAsync(string orgId, string id, CancellationToken ct);

    Task<RecipientRecord?> GetByExternalIdAsync(string orgId, RecordModule module, string externalId, CancellationToken ct);

    /// <summary>
    /// Deletes the record and its list subscriptions, leaving its <see cref="RecordDeletion"/> (deleted at
    /// <paramref name="at"/>) in the same write; tombstones older than <see cref="RecordDeletion.Retention"/> may go.
    /// False when the record does not exist in the organisation. A crash leaves either nothing done or the whole delete.
    /// </summary>
    Task<bool> DeleteAsync(string orgId, string id, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// At most <paramref name="limit"/> tombstones of the module whose deletion time is after <paramref name="since"/>,
    /// or at it with a record id after <paramref name="afterRecordId"/>; by time, then record id. A record deleted again
    /// (after a crash left it) appears once, at its last deletion.
    /// </summary>
    Task<IReadOnlyList<RecordDeletion>> DeletedSinceAsync(
        string orgId, RecordModule module, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct);

    /// <summary>At most <see cref="RecordSearch.Limit"/> records in id order.</summary>
    Task<IReadOnlyList<RecipientRecord>> SearchAsync(RecordSearch search, CancellationToken ct);

    /// <summary>Sets or clears the record-level opt-out (does not change the content hash). False when the record does not exist.</summary>
    Task<bool> SetEmailOptOutAsync(string orgId, string id, bool optOut, DateTimeOffset at, CancellationToken ct);

    /// <summary>Those of <paramref name="ids"/> that are records of the module in the organisation.</summary>
    Task<IReadOnlyList<string>> FindExistingAsync(string orgId, RecordModule module, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>
    /// The records of the organisation (any module) among <paramref name="ids"/>, in id order; unknown ids
    /// are left out. One round trip per batch: the send pipeline reads a whole claimed batch with it.
    /// </summary>
    Task<IReadOnlyList<RecipientRecord>> GetManyAsync(string orgId, IReadOnlyList<string> ids, CancellationToken ct);

    /// <summary>
    /// The records of the module in the organisation whose <see cref="RecipientRecord.EmailKey"/> is
    /// <paramref name="emailKey"/>, in id order, at most <paramref name="limit"/> (an incoming webhook names an address).
    /// </summary>
    Task<IReadOnlyList<RecipientRecord>> FindByEmailKeyAsync(string orgId, RecordModule module, string emailKey, int limit, CancellationToken ct);
}
