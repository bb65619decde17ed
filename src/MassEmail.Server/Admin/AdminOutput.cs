using System.Text.Encodings.Web;
using System.Text.Json;

namespace MassEmail.Server.Admin;

/// <summary>
/// What an admin command prints: <c>name=value</c> lines by default (readable, and assignable in a
/// shell), or with <c>--json</c> one JSON object per command, for scripts and tests.
/// </summary>
internal sealed class AdminOutput(TextWriter output, bool json)
{
    public const string JsonFlag = "--json";

    /// <summary>The command's result: one field per value, in this order.</summary>
    public void Result(params (string Name, string Value)[] fields)
    {
        if (json)
        {
            Json(fields);
            return;
        }

        foreach (var (name, value) in fields)
        {
            output.WriteLine($"{name}={value}");
        }
    }

    /// <summary>A failed command: <c>error: ...</c> (then the usage when given), or <c>{"error": "..."}</c>.</summary>
    public void Error(string message, string? usage = null)
    {
        if (json)
        {
            Json([("error", message)]);
            return;
        }

        output.WriteLine($"error: {message}");
        if (usage is not null)
        {
            output.WriteLine(usage);
        }
    }

    private void Json((string Name, string Value)[] fields)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: the text goes to a terminal or a script, never into HTML.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
