using System.Text;

namespace MassEmail.Cli.Records;

/// <summary>The per-row error report: a CSV (line, external_id, field, reason) a person opens next to the input.</summary>
public static class ImportErrorReport
{
    /// <summary><c>people.csv</c> → <c>people.errors.csv</c> beside it.</summary>
    public static string DefaultPath(FileInfo input) =>
        Path.Combine(input.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(input.Name) + ".errors.csv");

    /// <param name="unreported">Rows the service refused beyond the first 1,000 it describes.</param>
    public static void Write(string path, IEnumerable<ImportRowError> errors, long unreported)
    {
        var text = new StringBuilder("line,external_id,field,reason\n");
        foreach (var e in errors.OrderBy(e => e.Line ?? int.MaxValue))
        {
            text.Append($"{e.Line},{Csv(e.ExternalId)},{Csv(e.Field)},{Csv(e.Reason)}\n");
        }

        if (unreported > 0)
        {
            text.Append($",,,{Csv($"{unreported} more rows were refused; the service describes the first 1,000: fix these and import again")}\n");
        }

        try
        {
            File.WriteAllText(path, text.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot write the error report {path}: {e.Message}");
        }
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
