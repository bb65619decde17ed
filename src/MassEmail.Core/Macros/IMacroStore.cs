using MassEmail.Core.Templates;

namespace MassEmail.Core.Macros;

/// <summary>Persistence of macros; names are unique per organisation (case-insensitive).</summary>
public interface IMacroStore
{
    /// <summary><see cref="Errors.AlreadyExistsException"/> (field "name") when the name is taken.</summary>
    Task InsertAsync(Macro macro, CancellationToken ct);

    Task<Macro?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The organisation's macros ordered by name key, then id.</summary>
    Task<IReadOnlyList<Macro>> ListAsync(string orgId, CancellationToken ct);

    /// <summary>Replaces the macro if its stored version is <paramref name="expectedVersion"/>; a taken name throws as insert does.</summary>
    Task<WriteOutcome> ReplaceAsync(Macro macro, long expectedVersion, CancellationToken ct);

    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);
}
