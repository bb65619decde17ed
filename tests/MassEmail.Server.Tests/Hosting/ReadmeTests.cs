using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Hosting;

/// <summary>
/// README.md's shell blocks, run as written (in order, in one bash with <c>set -euo pipefail</c>, from the
/// repository root) against the Quick start service that <c>dev/test</c> started, which they find through
/// dev/start's own variables. Every shell block runs unless <see cref="Excluded"/> names it with the reason.
/// </summary>
[Collection(QuickStartTests.Collection)]
public sealed partial class ReadmeTests(ITestOutputHelper output)
{
    /// <summary>Blocks that cannot run in a test, by how their first line starts, and why.</summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal)
    {
        ["bash dev/start"] = "starts the Quick start service itself, which runs until Ctrl-C (dev/test starts it and this test uses it); "
            + "and dev/test is the suite this test is part of",
        ["Storage__Provider=Mongo"] = "starts a second service that runs until stopped, on a MongoDB server at the default port that is not there",
        ["bash .ci/run"] = "CI itself: the whole suite, this test included",
        ["dotnet run -c Release --project bench/MassEmail.Bench"] = "a benchmark: measures for minutes on a Release build, tests nothing",
    };

    private static readonly string[] ShellLanguages = ["bash", "sh", "shell", "console"];

    // Every output line counts as progress (the script traces each command), but one command may
    // be silent for long on a loaded machine (dev/admin starts the .NET server binary).
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    private readonly string? url = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_URL");
    private readonly string? sesUrl = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_SES_URL");
    private readonly string? dataDir = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_DATA_DIR");

    [Fact]
    public void Readme_EveryCodeBlock_IsLabelledAndEveryShellBlockRunsOrIsExcluded()
    {
        var blocks = ReadBlocks();

        Assert.All(blocks, b => Assert.True(b.Language.Length > 0, $"README.md line {b.Line}: label the block (bash for commands, text for output)"));
        var shell = blocks.Where(b => ShellLanguages.Contains(b.Language)).ToList();
        Assert.Contains(shell, b => ExclusionOf(b) is null);
        foreach (var key in Excluded.Keys)
        {
            Assert.True(shell.Any(b => b.FirstLine.StartsWith(key, StringComparison.Ordinal)), $"the exclusion '{key}' matches no README block any more");
        }
    }

    [SkippableFact]
    public async Task Readme_ShellBlocks_RunAsWrittenAgainstTheQuickStartServiceAndTheSendReachesTheEmulator()
    {
        Skip.If(url is null || sesUrl is null || dataDir is null,
            "MASSEMAIL_QUICKSTART_URL/SES_URL/DATA_DIR are not set: this test runs against dev/start when started by dev/test");
        var blocks = ReadBlocks().Where(b => ShellLanguages.Contains(b.Language)).ToList();
        var script = new StringBuilder("set -euo pipefail\nset -x\n");
        foreach (var block in blocks)
        {
            if (ExclusionOf(block) is { } reason)
            {
                output.WriteLine($"excluded README.md line {block.Line} ({block.FirstLine}): {reason}");
                continue;
            }

            output.WriteLine($"runs README.md line {block.Line}: {block.FirstLine}");
            script.Append(FormattableString.Invariant($": README.md line {block.Line}\n")).Append(block.Text).Append('\n');
        }

        using var http = new HttpClient();
        var before = await MailToDemoCandidatesAsync(http);
        var (exitCode, lines) = await RunAsync(script.ToString());
        var log = string.Join('\n', lines);
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"the README's commands failed with exit code {exitCode}:\n{log}");

        // The README's mass send went to the 25 demo candidates: each got one more mail.
        var sent = (await MailToDemoCandidatesAsync(http)).Skip(before.Count).ToList();
        Assert.Equal(25, sent.Count);
        Assert.Equal(25, sent.Distinct(StringComparer.Ordinal).Count());
    }

    private static string? ExclusionOf(Block block) =>
        Excluded.FirstOrDefault(e => block.FirstLine.StartsWith(e.Key, StringComparison.Ordinal)).Value;

    private static List<Block> ReadBlocks()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Find(), "README.md"));
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var start = i;
            var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            Assert.True(end > start, $"README.md line {start + 1}: the code block is not closed");
            blocks.Add(new Block(start + 1, lines[start][3..].Trim(), string.Join('\n', lines[(start + 1)..end])));
            i = end;
        }

        return blocks;
    }

    private async Task<List<string>> MailToDemoCandidatesAsync(HttpClient http)
    {
        var store = await http.GetFromJsonAsync<EmulatorStore>($"{sesUrl}/store") ?? throw new InvalidOperationException("empty /store");
        return store.Emails.SelectMany(e => e.Destination.To).Where(to => DemoCandidate().IsMatch(to)).ToList();
    }

    private async Task<(int ExitCode, IReadOnlyCollection<string> Lines)> RunAsync(string script)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot.Find(), RedirectStandardInput = true };
        start.Environment["MASSEMAIL_GRPC_PORT"] = new Uri(url!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MASSEMAIL_SES_PORT"] = new Uri(sesUrl!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MASSEMAIL_DATA_DIR"] = dataDir;
        start.Environment.Remove("MASSEMAIL_API_KEY");

        var lines = new ConcurrentQueue<string>();
        using var bash = ChildProcess.Start(start, lines.Enqueue);
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        return (await ChildProcess.WaitForExitAsync(bash, lines, "the README's commands hang", Stall), lines);
    }

    [GeneratedRegex(@"^candidate\d+@demo-recruiting\.example$")]
    private static partial Regex DemoCandidate();

    private sealed record Block(int Line, string Language, string Text)
    {
        public string FirstLine => Text.Split('\n')[0].Trim();
    }
}
