namespace MassEmail.Core.Connections;

/// <summary>Persistence of campaign-tool connections; names are unique per organisation (case-insensitive).</summary>
public interface IConnectionStore
{
    /// <summary><see cref="Errors.AlreadyExistsException"/> (field "name") when the name is taken.</summary>
    Task InsertAsync(Connection connection, CancellationToken ct);

    Task<Connection?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The organisation's connections ordered by name key, then id.</summary>
    Task<IReadOnlyList<Connection>> ListAsync(string orgId, CancellationToken ct);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);
}
