namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// A field a filter reads. Standard fields are named as in <see cref="StandardFields"/>
/// (adapters map them to columns); custom fields by their definition name.
/// </summary>
public sealed record FieldPath(string Name, bool IsCustom, FieldType Type);
