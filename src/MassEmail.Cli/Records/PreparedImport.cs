using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Records;

/// <summary>
/// A CSV read and mapped before anything is sent: the records to stream with their CSV lines (the service numbers
/// rows across the stream, and this turns its numbers back into lines), and the rows refused here already.
/// </summary>
public sealed class PreparedImport
{
    public List<RecordInput> Records { get; } = [];

    /// <summary>The CSV line of each of <see cref="Records"/>, by index.</summary>
    public List<int> Lines { get; } = [];

    public List<ImportRowError> Refused { get; } = [];

    public required IReadOnlyList<string> IgnoredColumns { get; init; }

    public int CsvRows => Records.Count + Refused.Count;

    public static PreparedImport Read(TextReader reader, IEnumerable<string> maps)
    {
        using var rows = CsvReader.Read(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new CliException(ExitCodes.BadInput, "the file is empty: it needs a header line naming its columns");
        }

        var mapping = new ColumnMapping(rows.Current.Fields, maps);
        var prepared = new PreparedImport { IgnoredColumns = mapping.Ignored };
        while (rows.MoveNext())
        {
            var (record, error) = mapping.Map(rows.Current);
            if (record is null)
            {
                prepared.Refused.Add(error!);
                continue;
            }

            prepared.Records.Add(record);
            prepared.Lines.Add(rows.Current.Line);
        }

        return prepared;
    }
}
