namespace MassEmail.Core.Recipients;

/// <summary>Persistence of custom field definitions.</summary>
public interface ICustomFieldStore
{
    /// <summary>The module's custom fields ordered by name.</summary>
    Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(string orgId, RecordModule module, CancellationToken ct);

    /// <summary>Stores the definition unless one of that name exists (the existing one wins, silently; concurrent callers agree).</summary>
    Task DefineAsync(CustomFieldDefinition definition, CancellationToken ct);
}
