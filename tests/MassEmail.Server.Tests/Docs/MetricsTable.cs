using System.Text.RegularExpressions;

namespace MassEmail.Server.Tests.Docs;

/// <summary>The metrics table of docs/operations.md: each metric's Prometheus name, type and label names.</summary>
internal static partial class MetricsTable
{
    public static IReadOnlyDictionary<string, (string Type, IReadOnlySet<string> Labels)> Load() =>
        Row().Matches(MarkdownDoc.Load("docs/operations.md").Text).ToDictionary(
            m => m.Groups["name"].Value,
            m => (m.Groups["type"].Value, (IReadOnlySet<string>)LabelName().Matches(m.Groups["labels"].Value).Select(l => l.Groups[1].Value).ToHashSet()));

    // | `massemail_x` | counter | `state` (`sent`, ...), `reason` (...) | meaning |: label names are the backticked words outside parentheses.
    [GeneratedRegex(@"^\| `(?<name>massemail_[a-z_]+)` \| (?<type>counter|gauge|histogram) \| (?<labels>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"(?:^|\), |, )`([a-z_]+)`")]
    private static partial Regex LabelName();
}
