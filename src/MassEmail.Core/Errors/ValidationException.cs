namespace MassEmail.Core.Errors;

/// <summary>The request is malformed or breaks a rule on its values; nothing was changed.</summary>
public sealed class ValidationException : DomainException
{
    /// <summary>Violations named in the message; all of them are in <see cref="Violations"/>.</summary>
    private const int MaxInMessage = 3;

    private readonly bool summarised;

    public ValidationException(IReadOnlyList<FieldViolation> violations)
        : base(Describe(violations))
    {
        Violations = violations;
    }

    public ValidationException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    /// <summary>
    /// Violations with a <paramref name="summary"/> as the message, for many violations of one kind (the
    /// message says what they have in common instead of listing them all).
    /// </summary>
    public ValidationException(string summary, IReadOnlyList<FieldViolation> violations)
        : base(summary)
    {
        Violations = violations;
        summarised = true;
    }

    public IReadOnlyList<FieldViolation> Violations { get; }

    /// <summary>The same violations with their field paths under <paramref name="prefix"/> (e.g. <c>template.</c>).</summary>
    public ValidationException WithPrefix(string prefix)
    {
        List<FieldViolation> prefixed = [.. Violations.Select(v => v with { Field = prefix + v.Field })];
        return summarised ? new ValidationException(Message, prefixed) : new ValidationException(prefixed);
    }

    private static string Describe(IReadOnlyList<FieldViolation> violations)
    {
        var named = string.Join("; ", violations.Take(MaxInMessage).Select(v => $"{v.Field}: {v.Description}"));
        return violations.Count > MaxInMessage
            ? $"The request is invalid: {named}; and {violations.Count - MaxInMessage} more"
            : $"The request is invalid: {named}";
    }
}
