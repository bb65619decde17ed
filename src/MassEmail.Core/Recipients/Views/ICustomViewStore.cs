using MassEmail.Core.Templates;

namespace MassEmail.Core.Recipients.Views;

/// <summary>Persistence of custom views; names are unique per organisation and module (case-insensitive).</summary>
public interface ICustomViewStore
{
    /// <summary><see cref="Errors.AlreadyExistsException"/> (field "name") when the name is taken in the module.</summary>
    Task InsertAsync(CustomView view, CancellationToken ct);

    Task<CustomView?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The organisation's views of the module (all modules when null) ordered by name.</summary>
    Task<IReadOnlyList<CustomView>> ListAsync(string orgId, RecordModule? module, CancellationToken ct);

    /// <summary>Replaces the view if its stored version is <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(CustomView view, long expectedVersion, CancellationToken ct);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);
}
