using System.Text.RegularExpressions;

namespace MassEmail.Server.Tests.Docs;

/// <summary>A Markdown file of the repository: its text and its fenced code blocks (indented fences included, as in lists).</summary>
internal sealed partial class MarkdownDoc
{
    private MarkdownDoc(string relativePath, string text)
    {
        RelativePath = relativePath;
        Text = text;
    }

    /// <summary>The pages under docs/, by path relative to the repository root.</summary>
    public static IReadOnlyList<string> Pages => ["docs/architecture.md", "docs/api.md", "docs/operations.md", "docs/production.md"];

    public string RelativePath { get; }

    public string Text { get; }

    public static MarkdownDoc Load(string relativePath) =>
        new(relativePath, File.ReadAllText(Path.Combine(RepoRoot.Find(), relativePath)));

    /// <summary>The code blocks with their language and the line of their opening fence, indentation removed.</summary>
    public IEnumerable<(int Line, string Language, string Code)> Blocks() =>
        Fence().Matches(Text).Select(m => (
            Text[..m.Index].Count(c => c == '\n') + 1,
            m.Groups["lang"].Value,
            Regex.Replace(m.Groups["code"].Value, $"^{m.Groups["indent"].Value}", "", RegexOptions.Multiline)));

    // An opening fence (possibly indented), its language, the code, and the closing fence at the same indentation.
    [GeneratedRegex(@"^(?<indent>[ ]*)```(?<lang>[a-z]*)\n(?<code>.*?)\n\k<indent>```[ ]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
