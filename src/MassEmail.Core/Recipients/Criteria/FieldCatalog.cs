namespace MassEmail.Core.Recipients.Criteria;

/// <summary>The custom fields criteria may use: those of the module, and of Clients for client conditions.</summary>
public sealed record FieldCatalog(
    RecordModule Module,
    IReadOnlyDictionary<string, FieldType> Custom,
    IReadOnlyDictionary<string, FieldType> ClientCustom);
