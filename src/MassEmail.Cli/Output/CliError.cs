using System.Text.Json.Nodes;

namespace MassEmail.Cli.Output;

/// <summary>A failure as the CLI reports it: a message, detail lines in words, an optional hint, and the same as JSON.</summary>
public sealed record CliError(int ExitCode, string Code, string Message, IReadOnlyList<string> Details, string? Hint, JsonObject? DetailsJson = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["code"] = Code,
            ["exit_code"] = ExitCode,
            ["message"] = Message,
        };
        if (DetailsJson is not null)
        {
            foreach (var (name, value) in DetailsJson)
            {
                json[name] = value?.DeepClone();
            }
        }

        return json;
    }
}
