using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Cli.Records;
using MassEmail.Cli.Schedules;
using MassEmail.Cli.Sending;
using MassEmail.Cli.Suppressions;
using MassEmail.Cli.Templates;
using MassEmail.Cli.Usage;

namespace MassEmail.Cli;

/// <summary>The command tree and its invocation: parse errors are usage errors (exit 20) in the asked-for format.</summary>
public static class CliApp
{
    /// <summary>On every command: one JSON document on stdout instead of text.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write one JSON document on stdout (errors too) instead of text; no live progress",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("MassEmail command line: templates, record imports, mass sends, schedules and suppressions over the gRPC API.")
        {
            Json,
            LoginCommand.Create(),
            TemplatesCommands.Create(),
            RecordsCommands.Create(),
            SendCommands.Create(),
            SchedulesCommands.Create(),
            SuppressionsCommands.Create(),
            UsageCommand.Create(),
        };
        // No response files: '@FILE' is this CLI's own way to pass criteria from a file.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            new CliOutput(parse.GetValue(Json)).Fail(new CliError(
                ExitCodes.Usage, "USAGE", string.Join("; ", parse.Errors.Select(e => Quote.Bounded(e.Message))), [], "See massemail --help."));
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }
}
