using System.Runtime.CompilerServices;
using System.Text;
using MassEmail.Core;
using MassEmail.Core.Errors;

namespace MassEmail.Server.Grpc;

/// <summary>
/// Shape validation of requests. Field paths come from the checked expression
/// (<c>request.Template.Name</c> → <c>template.name</c>), so they always match the proto.
/// </summary>
public sealed class RequestCheck
{
    /// <summary>Violations kept; a request with 100,000 bad entries is reported by its first ones and a count.</summary>
    public const int MaxViolations = 100;

    private readonly List<FieldViolation> violations = [];
    private int dropped;

    public RequestCheck Required(string? value, [CallerArgumentExpression(nameof(value))] string expression = "") =>
        Add(string.IsNullOrWhiteSpace(value), expression, "is required");

    public RequestCheck Required(object? value, [CallerArgumentExpression(nameof(value))] string expression = "") =>
        Add(value is null, expression, "is required");

    /// <summary>A required id: non-empty and shaped like one.</summary>
    public RequestCheck Id(string value, [CallerArgumentExpression(nameof(value))] string expression = "") =>
        string.IsNullOrEmpty(value) ? Add(true, expression, "is required") : OptionalId(value, expression);

    /// <summary>An id that may be empty; when given it must be shaped like one.</summary>
    public RequestCheck OptionalId(string value, [CallerArgumentExpression(nameof(value))] string expression = "") =>
        Add(value.Length > 0 && !MassEmail.Core.Ids.IsWellFormed(value), expression, "is not a valid id (24 lowercase hexadecimal characters)");

    /// <summary>
    /// A list of required ids: between 1 and <paramref name="max"/> of them, each shaped like one (a bad entry is named
    /// by its index, e.g. <c>record_ids[3]</c>; at most <see cref="MaxViolations"/> are listed).
    /// </summary>
    public RequestCheck Ids(IList<string> values, int max, [CallerArgumentExpression(nameof(values))] string expression = "")
    {
        var field = ToPath(expression);
        Add(values.Count == 0 || values.Count > max, field, $"must hold 1 to {max:N0} ids", isPath: true);
        for (var i = 0; i < values.Count && violations.Count < MaxViolations; i++)
        {
            Add(!MassEmail.Core.Ids.IsWellFormed(values[i]), $"{field}[{i}]", "is not a valid id", isPath: true);
        }

        return this;
    }

    public RequestCheck DefinedEnum<T>(T value, [CallerArgumentExpression(nameof(value))] string expression = "")
        where T : struct, Enum =>
        Add(!Enum.IsDefined(value), expression, $"is not a known {typeof(T).Name} value");

    public RequestCheck That(bool ok, string description, [CallerArgumentExpression(nameof(ok))] string expression = "") =>
        Add(!ok, FieldOf(expression), description, isPath: true);

    /// <summary>Adds a violation for an explicit field path.</summary>
    public RequestCheck Violation(string field, string description)
    {
        Keep(new FieldViolation(field, description));
        return this;
    }

    /// <summary>Throws <see cref="ValidationException"/> (INVALID_ARGUMENT) when anything was wrong.</summary>
    public void ThrowIfInvalid()
    {
        if (violations.Count > 0)
        {
            if (dropped > 0)
            {
                violations.Add(new FieldViolation("", $"{dropped} more violation(s) not listed"));
            }

            throw new ValidationException(violations);
        }
    }

    private RequestCheck Add(bool failed, string expression, string description, bool isPath = false)
    {
        if (failed)
        {
            Keep(new FieldViolation(isPath ? expression : ToPath(expression), description));
        }

        return this;
    }

    private void Keep(FieldViolation violation)
    {
        if (violations.Count < MaxViolations)
        {
            violations.Add(violation);
        }
        else
        {
            dropped++;
        }
    }

    /// <summary><c>request.Template.FolderId</c> → <c>template.folder_id</c>.</summary>
    internal static string ToPath(string expression)
    {
        var parts = expression.Split('.', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 1 && parts[0] == "request")
        {
            parts.RemoveAt(0);
        }

        return string.Join('.', parts.Select(SnakeCase));
    }

    private static string FieldOf(string condition)
    {
        var token = condition.Split([' ', '(', ')', '!', '<', '>', '='], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(t => t.StartsWith("request.", StringComparison.Ordinal)) ?? condition;
        return ToPath(token);
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
