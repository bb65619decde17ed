namespace MassEmail.Core.Errors;

/// <summary>
/// A problem with one request field, such as <c>from.address</c>. Both parts are bounded here, once for
/// every caller: a path can hold caller-chosen names (<c>record.custom.&lt;name&gt;</c>) and a description
/// can quote a value.
/// </summary>
public sealed record FieldViolation
{
    /// <summary>Longest field path kept; longer ones (a caller-chosen name inside) are cut.</summary>
    public const int MaxFieldLength = 200;

    /// <summary>Longest description kept.</summary>
    public const int MaxDescriptionLength = 400;

    public FieldViolation(string field, string description)
    {
        Field = field;
        Description = description;
    }

    /// <summary>A snake_case path such as <c>template.subject</c> or <c>records[3].email</c>.</summary>
    public string Field
    {
        get;
        init => field = InputText.Quote(value, MaxFieldLength);
    }

    public string Description
    {
        get;
        init => field = InputText.Quote(value, MaxDescriptionLength);
    }

    public void Deconstruct(out string field, out string description)
    {
        field = Field;
        description = Description;
    }
}
