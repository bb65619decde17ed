namespace MassEmail.Core.Templates;

/// <summary>Persistence of templates; every call is scoped to one organisation.</summary>
public interface ITemplateStore
{
    /// <summary>Stores a new template; <see cref="Errors.AlreadyExistsException"/> when its name is taken in the organisation.</summary>
    Task InsertAsync(Template template, CancellationToken ct);

    Task<Template?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>At most <see cref="TemplateQuery.Limit"/> templates in (NameKey, Id) order.</summary>
    Task<IReadOnlyList<Template>> ListAsync(TemplateQuery query, CancellationToken ct);

    /// <summary>
    /// Replaces the stored template if its version is <paramref name="expectedVersion"/>;
    /// <paramref name="template"/> carries the new version. <see cref="Errors.AlreadyExistsException"/> on a name clash.
    /// </summary>
    Task<WriteOutcome> ReplaceAsync(Template template, long expectedVersion, CancellationToken ct);

    /// <summary>Deletes the template; when <paramref name="expectedVersion"/> is set, only at that version.</summary>
    Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct);

    /// <summary>True when at least one template of the organisation is in the folder.</summary>
    Task<bool> AnyInFolderAsync(string orgId, string folderId, CancellationToken ct);
}
