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

    /// <summary>
    /// The connection of that id in whichever organisation holds it (ids are unique across organisations): for the
    /// public webhook endpoint, whose URL names the connection only. Null when there is none.
    /// </summary>
    Task<Connection?> FindByIdAsync(string id, CancellationToken ct);
}
