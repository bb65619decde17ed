namespace MassEmail.Cli.Records;

/// <summary>One CSV record and the file line it starts on (1-based; the header is line 1).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);
