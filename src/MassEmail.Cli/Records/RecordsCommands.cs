using System.CommandLine;

namespace MassEmail.Cli.Records;

/// <summary><c>records</c>: import.</summary>
public static class RecordsCommands
{
    public static Command Create() => new("records", "Recipient records") { RecordsImportCommand.Create() };
}
