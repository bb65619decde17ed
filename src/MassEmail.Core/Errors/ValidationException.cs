namespace MassEmail.Core.Errors;

/// <summary>The request is malformed or breaks a rule on its values; nothing was changed.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations) : DomainException(Summary(violations))
{
    /// <summary>Violations named in the message; all of them are in <see cref="Violations"/>.</summary>
    private const int MaxInMessage = 3;

    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    /// <summary>The same violations with their field paths under <paramref name="prefix"/> (e.g. <c>template.</c>).</summary>
    public ValidationException WithPrefix(string prefix) =>
        new(Violations.Select(v => v with { Field = prefix + v.Field }).ToList());

    private static string Summary(IReadOnlyList<FieldViolation> violations)
    {
        var named = string.Join("; ", violations.Take(MaxInMessage).Select(v => $"{v.Field}: {v.Description}"));
        return violations.Count > MaxInMessage
            ? $"The request is invalid: {named}; and {violations.Count - MaxInMessage} more"
            : $"The request is invalid: {named}";
    }
}
