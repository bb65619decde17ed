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
    /// Replaces the stored definition of that id when its version is <paramref name="expectedVersion"/> (the stored
    /// status is kept); false when it is not (or the definition is gone). <see cref="Errors.AlreadyExistsException"/>
    /// (field "name") when the new name is another definition's of the connection.
    /// </summary>
    Task<bool> UpdateAsync(SyncDefinition definition, long expectedVersion, CancellationToken ct);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);

    /// <summary>Deletes every definition of the connection; how many there were.</summary>
    Task<int> DeleteForConnectionAsync(string orgId, string connectionId, CancellationToken ct);
}
