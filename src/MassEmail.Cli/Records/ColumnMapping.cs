using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Records;

/// <summary>
/// Which CSV column fills which record field. A header that names a standard field (<c>Email</c>, <c>First Name</c>:
/// compared lower-case with spaces and dashes as <c>_</c>) maps by itself; <c>--map "Column=target"</c> maps any
/// other column, to a standard field or to a typed custom field, and <c>--map "Column=-"</c> leaves one out.
/// Unmapped columns are not imported and are named in the summary, so nothing is typed by guesswork (a custom
/// field's type is fixed by the first value the service stores).
/// </summary>
public sealed class ColumnMapping
{
    private readonly Dictionary<int, ColumnTarget> targets = [];
    private readonly int columnCount;

    public ColumnMapping(IReadOnlyList<string> header, IEnumerable<string> maps)
    {
        columnCount = header.Count;
        var explicitMaps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var map in maps)
        {
            var equals = map.LastIndexOf('=');
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--map takes COLUMN=FIELD, not '{Quote.Bounded(map)}'");
            }

            explicitMaps[map[..equals].Trim()] = map[(equals + 1)..].Trim();
        }

        for (var i = 0; i < header.Count; i++)
        {
            var column = header[i].Trim();
            if (explicitMaps.Remove(column, out var target))
            {
                if (target != "-")
                {
                    targets[i] = ColumnTarget.Parse(target);
                }
            }
            else if (ColumnTarget.Standard.Contains(Normalise(column)))
            {
                targets[i] = new ColumnTarget(Normalise(column), null);
            }
            else
            {
                Ignored.Add(column);
            }
        }

        if (explicitMaps.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, $"--map names a column the header does not have: {Quote.Bounded(string.Join(", ", explicitMaps.Keys))}");
        }

        if (!targets.Values.Any(t => t is { Field: "external_id", CustomType: null }))
        {
            throw new CliException(ExitCodes.BadInput, "no column maps to external_id (the owning system's id): name one with --map \"COLUMN=external_id\"");
        }
    }

    /// <summary>Header columns that are not imported.</summary>
    public List<string> Ignored { get; } = [];

    /// <summary>The row as a record, or the first reason it cannot be one.</summary>
    public (RecordInput? Record, ImportRowError? Error) Map(CsvRow row)
    {
        var externalId = targets.Where(t => t.Value.Field == "external_id" && t.Key < row.Fields.Count).Select(t => row.Fields[t.Key]).FirstOrDefault() ?? "";
        if (row.Fields.Count != columnCount)
        {
            return (null, new ImportRowError(row.Line, externalId, "row", $"has {row.Fields.Count} fields, the header has {columnCount}"));
        }

        var record = new RecordInput();
        foreach (var (index, target) in targets)
        {
            var value = row.Fields[index].Trim();
            if (value.Length == 0)
            {
                continue;
            }

            var problem = target.CustomType is null ? SetStandard(record, target.Field, value) : SetCustom(record, target, value);
            if (problem is not null)
            {
                return (null, new ImportRowError(row.Line, externalId, target.ErrorField, problem));
            }
        }

        return (record, null);
    }

    private static string Normalise(string column) => column.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static string? SetStandard(RecordInput record, string field, string value)
    {
        switch (field)
        {
            case "external_id": record.ExternalId = value; break;
            case "name": record.Name = value; break;
            case "first_name": record.FirstName = value; break;
            case "last_name": record.LastName = value; break;
            case "email": record.Email = value; break;
            case "phone": record.Phone = value; break;
            case "owner_id": record.OwnerId = value; break;
            case "client_id": record.ClientId = value; break;
            case "email_opt_out":
                if (!TryBool(value, out var optOut))
                {
                    return $"'{Quote.Bounded(value)}' is not true/false, yes/no or 1/0";
                }

                record.EmailOptOut = optOut;
                break;
        }

        return null;
    }

    private static string? SetCustom(RecordInput record, ColumnTarget target, string value)
    {
        FieldValue? field = target.CustomType switch
        {
            "number" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? new FieldValue { NumberValue = n } : null,
            "bool" => TryBool(value, out var b) ? new FieldValue { BoolValue = b } : null,
            "date" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                ? new FieldValue { DateValue = Timestamp.FromDateTimeOffset(d) } : null,
            "list" => new FieldValue { ListValue = new StringList { Values = { value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) } } },
            _ => new FieldValue { StringValue = value },
        };
        if (field is null)
        {
            return $"'{Quote.Bounded(value)}' is not a {target.CustomType}";
        }

        record.CustomFields[target.Field] = field;
        return null;
    }

    private static bool TryBool(string value, out bool result)
    {
        switch (value.ToLowerInvariant())
        {
            case "true" or "yes" or "1": result = true; return true;
            case "false" or "no" or "0": result = false; return true;
            default: result = false; return false;
        }
    }
}
