using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace MassEmail.Cli.Output;

/// <summary>
/// Where a command's results go: with <c>--json</c>, exactly one JSON document on stdout (errors included,
/// so a script always has one document to parse); otherwise text for people, errors on stderr. Live
/// progress is drawn only when stdout is a terminal and <c>--json</c> is off.
/// </summary>
public sealed class CliOutput(bool json)
{
    private const int UnwrappedWidth = 4096;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool Json { get; } = json;

    /// <summary>Whether live progress may be drawn: a terminal on stdout, and no JSON asked for.</summary>
    public bool Live => !Json && !System.Console.IsOutputRedirected;

    public IAnsiConsole Out { get; } = Console(System.Console.Out, System.Console.IsOutputRedirected);

    public IAnsiConsole Error { get; } = Console(System.Console.Error, System.Console.IsErrorRedirected);

    /// <summary>The command's one JSON document.</summary>
    public void WriteJson(JsonNode document) => System.Console.Out.WriteLine(document.ToJsonString(Indented));

    /// <summary>A line for people (nothing in JSON mode, where the document says it all).</summary>
    public void Line(string markupFreeText)
    {
        if (!Json)
        {
            System.Console.Out.WriteLine(markupFreeText);
        }
    }

    /// <summary>A failure: as <c>{"error": ...}</c> in JSON mode, else in words on stderr.</summary>
    public void Fail(CliError error)
    {
        if (Json)
        {
            WriteJson(new JsonObject { ["error"] = error.ToJson() });
            return;
        }

        Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
        foreach (var detail in error.Details)
        {
            Error.WriteLine($"  {detail}");
        }

        if (error.Hint is not null)
        {
            Error.MarkupLine($"[grey]{Markup.Escape(error.Hint)}[/]");
        }
    }

    // Redirected output is read by programs and people's editors, not fitted to a terminal: no wrapping at 80 columns.
    private static IAnsiConsole Console(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }
}
