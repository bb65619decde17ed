namespace MassEmail.Cli.Records;

/// <summary>Where a CSV column goes: a standard record field, or a typed custom field (<see cref="CustomType"/> set).</summary>
public sealed record ColumnTarget(string Field, string? CustomType)
{
    /// <summary>The standard fields of <c>RecordInput</c>, by their proto names.</summary>
    public static readonly IReadOnlySet<string> Standard = new HashSet<string>(StringComparer.Ordinal)
    {
        "external_id", "name", "first_name", "last_name", "email", "phone", "owner_id", "client_id", "email_opt_out",
    };

    public static readonly IReadOnlySet<string> CustomTypes = new HashSet<string>(StringComparer.Ordinal) { "string", "number", "bool", "date", "list" };

    /// <summary>The field name in the service's row errors (<c>email</c>, <c>custom.start_date</c>).</summary>
    public string ErrorField => CustomType is null ? Field : $"custom.{Field}";

    /// <summary><c>email</c>, <c>custom.skills:list</c>, <c>custom.nickname</c> (a string).</summary>
    public static ColumnTarget Parse(string text)
    {
        if (Standard.Contains(text))
        {
            return new ColumnTarget(text, null);
        }

        if (text.StartsWith("custom.", StringComparison.Ordinal))
        {
            var rest = text["custom.".Length..];
            var colon = rest.IndexOf(':');
            var (name, type) = colon < 0 ? (rest, "string") : (rest[..colon], rest[(colon + 1)..]);
            if (name.Length > 0 && CustomTypes.Contains(type))
            {
                return new ColumnTarget(name, type);
            }
        }

        throw new CliException(
            ExitCodes.Usage,
            $"--map target '{Quote.Bounded(text)}' is not a record field ({string.Join(", ", Standard)}) nor custom.NAME[:string|number|bool|date|list]");
    }
}
