using System.Text;

namespace MassEmail.Cli.Records;

/// <summary>
/// RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, line breaks and doubled quotes.
/// Each record comes with the line it starts on, for error reports a person can find in an editor.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRow> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var startLine = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRow(startLine, [.. fields]);
                    }

                    fields.Clear();
                    field.Clear();
                    any = false;
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append(ch);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new CliException(ExitCodes.BadInput, $"line {startLine}: a quoted field is not closed before the end of the file");
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(startLine, [.. fields]);
        }
    }
}
