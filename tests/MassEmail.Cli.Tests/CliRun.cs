using System.Text.Json;

namespace MassEmail.Cli.Tests;

/// <summary>One finished CLI process: its exit code and what it wrote on stdout and stderr.</summary>
public sealed record CliRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout as the one JSON document <c>--json</c> promises (fails the test with the output when it is not).</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{this}: stdout is not one JSON document ({e.Message})");
        }
    }

    public override string ToString() => $"massemail {Command} exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
