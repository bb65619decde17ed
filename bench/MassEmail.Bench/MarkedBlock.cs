namespace MassEmail.Bench;

/// <summary>
/// Text between <c>&lt;!-- NAME:begin --&gt;</c> and <c>&lt;!-- NAME:end --&gt;</c> in a markdown file, so that each
/// benchmark rewrites only its own part of bench/README.md and hand-written text elsewhere survives.
/// </summary>
internal static class MarkedBlock
{
    public static string Wrap(string name, string content) => $"{Begin(name)}\n{content.Trim('\n')}\n{End(name)}";

    /// <summary>The content of block <paramref name="name"/>, or null when the text has none.</summary>
    public static string? Find(string text, string name)
    {
        var (start, end) = Locate(text, name);
        return start < 0 ? null : text[(start + Begin(name).Length)..end].Trim('\n');
    }

    /// <summary>Replaces block <paramref name="name"/>, or appends it when the text has none.</summary>
    public static string Upsert(string text, string name, string content)
    {
        var (start, end) = Locate(text, name);
        if (start < 0)
        {
            return $"{text.TrimEnd('\n')}\n\n{Wrap(name, content)}\n";
        }

        return string.Concat(text.AsSpan(0, start), Wrap(name, content), text.AsSpan(end + End(name).Length));
    }

    private static (int Start, int End) Locate(string text, string name)
    {
        var start = text.IndexOf(Begin(name), StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf(End(name), start, StringComparison.Ordinal);
        return end < 0 ? (-1, -1) : (start, end);
    }

    private static string Begin(string name) => $"<!-- {name}:begin -->";

    private static string End(string name) => $"<!-- {name}:end -->";
}
