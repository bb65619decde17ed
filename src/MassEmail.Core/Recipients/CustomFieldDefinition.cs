namespace MassEmail.Core.Recipients;

/// <summary>A custom field of a module. Defined on first use; its type never changes afterwards.</summary>
public sealed record CustomFieldDefinition(string OrgId, RecordModule Module, string Name, FieldType Type, DateTimeOffset CreatedAt);
