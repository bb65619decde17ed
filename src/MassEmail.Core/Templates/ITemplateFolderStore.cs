namespace MassEmail.Core.Templates;

/// <summary>Persistence of template folders; every call is scoped to one organisation.</summary>
public interface ITemplateFolderStore
{
    /// <summary>Stores a new folder; <see cref="Errors.AlreadyExistsException"/> when its name is taken in the organisation.</summary>
    Task InsertAsync(TemplateFolder folder, CancellationToken ct);

    Task<TemplateFolder?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The organisation's folders ordered by name.</summary>
    Task<IReadOnlyList<TemplateFolder>> ListAsync(string orgId, CancellationToken ct);

    /// <summary>False when the folder does not exist in the organisation.</summary>
    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);
}
