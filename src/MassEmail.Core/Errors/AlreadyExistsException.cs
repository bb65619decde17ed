namespace MassEmail.Core.Errors;

/// <summary>A resource with the same unique value (e.g. a template name) already exists.</summary>
public sealed class AlreadyExistsException(string resource, string field, string value)
    : DomainException($"A {resource} with {FieldName(field)} '{InputText.Quote(value)}' already exists.")
{
    public string Resource { get; } = resource;

    /// <summary>The request field holding the clashing value, as a snake_case path.</summary>
    public string Field { get; } = field;

    public string Value { get; } = value;

    /// <summary>The same error with the field under <paramref name="prefix"/> (e.g. <c>template.</c>).</summary>
    public AlreadyExistsException WithPrefix(string prefix) => new(Resource, prefix + Field, Value);

    private static string FieldName(string field) => field[(field.LastIndexOf('.') + 1)..];
}
