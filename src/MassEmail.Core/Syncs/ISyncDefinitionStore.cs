namespace MassEmail.Core.Syncs;

/// <summary>Persistence of sync definitions; names are unique per connection (case-insensitive).</summary>
public interface ISyncDefinitionStore
{
    /// <summary><see cref="Errors.AlreadyExistsException"/> (field "name") when the connection has a definition of that name.</summary>
    Task InsertAsync(SyncDefinition definition, CancellationToken ct);

    Task<SyncDefinition?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The connection's definitions ordered by name key, then id.</summary>
    Task<IReadOnlyList<SyncDefinition>> ListAsync(string orgId, string connectionId, CancellationToken ct);

    /// <summary>The organisation's definitions of every connection, by id: what a local opt-out is published to.</summary>
    Task<IReadOnlyList<SyncDefinition>> ListForOrganisationAsync(string orgId, CancellationToken ct);

    /// <summary>Every organisation's definitions by id, at most <paramref name="limit"/> after <paramref name="afterId"/>: what the opt-out poller walks.</summary>
    Task<IReadOnlyList<SyncDefinition>> ListAllAsync(string? afterId, int limit, CancellationToken ct);

    /// <summary>
    /// Leases one definition whose run is due (its <see cref="SyncDefinition.NextRunAt"/> at or before
    /// <paramref name="now"/>, or a run asked for) and not held by a live lease, in no promised order, to
    /// <paramref name="holder"/> until <paramref name="leaseUntil"/>; null when none is. The definition's run stays due
    /// while held, so a holder that dies leaves it to the next claim after its lease.
    /// </summary>
    Task<SyncRunClaim?> ClaimRunAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>A run's checkpoint: stores <paramref name="status"/> and extends the lease; false (nothing written) when <paramref name="holder"/> no longer holds it.</summary>
    Task<bool> SaveRunAsync(string orgId, string id, string holder, SyncStatus status, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Ends <paramref name="holder"/>'s lease: stores <paramref name="status"/>, makes the next run due at
    /// <paramref name="nextRunAt"/> (null: none) and forgets a run request made at or before
    /// <paramref name="servedRequestsUpTo"/> (pass null to keep every request); false (nothing written) when the holder
    /// no longer holds it.
    /// </summary>
    Task<bool> ReleaseRunAsync(string orgId, string id, string holder, SyncStatus status, DateTimeOffset? nextRunAt, DateTimeOffset? servedRequestsUpTo, CancellationToken ct);

    /// <summary>
    /// Asks for a run as soon as a worker is free ("sync now"; a full resync when <paramref name="full"/>, which a later
    /// plain request does not undo); the latest request's time is kept, so that a release forgets only the requests its
    /// run served. False when the definition does not exist.
    /// </summary>
    Task<bool> RequestRunAsync(string orgId, string id, bool full, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Replaces the stored definition of that id when its version is <paramref name="expectedVersion"/> (the stored
    /// status is kept); false when it is not (or the definition is gone). The next run time is replaced when the definition's is not null.
    /// <see cref="Errors.AlreadyExistsException"/>
    /// (field "name") when the new name is another definition's of the connection.
    /// </summary>
    Task<bool> UpdateAsync(SyncDefinition definition, long expectedVersion, CancellationToken ct);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);

    /// <summary>Deletes every definition of the connection; how many there were.</summary>
    Task<int> DeleteForConnectionAsync(string orgId, string connectionId, CancellationToken ct);
}
