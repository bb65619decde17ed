namespace MassEmail.Core.Errors;

/// <summary>The request is malformed or breaks a rule on its values; nothing was changed.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : DomainException("The request is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    /// <summary>The same violations with their field paths under <paramref name="prefix"/> (e.g. <c>template.</c>).</summary>
    public ValidationException WithPrefix(string prefix) =>
        new(Violations.Select(v => v with { Field = prefix + v.Field }).ToList());
}
