using System.Reflection;
using System.Text.RegularExpressions;

namespace MassEmail.Cli.Tests;

/// <summary>README's exit-code table (section "CLI") and the CLI's <see cref="ExitCodes"/> say the same.</summary>
public sealed partial class ReadmeExitCodesTests
{
    [Fact]
    public void ReadmeExitCodeTable_ListsExactlyTheCodesTheCliUses()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md"));
        var section = readme[readme.IndexOf("\n## CLI\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var documented = TableRow().Matches(section).Select(m => m.Groups["code"].Value).ToList();
        var constants = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (int)f.GetValue(null)!).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The gRPC status codes (1 to 16) come from the service, not from a constant of the CLI.
        Assert.Equal(constants.Append("1–16").Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| (?<code>[0-9–]+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
