using System.Net.Http.Json;
using System.Text;
using MassEmail.Server.Tests.Deployment;
using MassEmail.Server.Tests.Hosting;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Docs;

/// <summary>
/// The `bash` blocks of docs/api.md and then docs/operations.md, run as written (in order, in one bash with
/// <c>set -euo pipefail</c>, from the repository root) against the Quick start service that <c>dev/test</c> started,
/// with <c>SEND_ID</c> set to the send the API guide started. `text` blocks are not run: the docs say why.
/// </summary>
[Collection(QuickStartTests.Collection)]
public sealed class DocsCommandTests(ITestOutputHelper output)
{
    // Each command prints as it runs (set -x), but dev/call may be silent for long on a loaded machine.
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    private readonly string? url = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_URL");
    private readonly string? sesUrl = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_SES_URL");
    private readonly string? dataDir = Environment.GetEnvironmentVariable("MASSEMAIL_QUICKSTART_DATA_DIR");

    [SkippableFact]
    public async Task DocsShellBlocks_RunAsWrittenAgainstTheQuickStartService_AndTheGuidesSendReachesTheEmulator()
    {
        Skip.If(url is null || sesUrl is null || dataDir is null,
            "MASSEMAIL_QUICKSTART_URL/SES_URL/DATA_DIR are not set: this test runs against dev/start when started by dev/test");
        var script = new StringBuilder("set -euo pipefail\nset -x\n");
        Append(script, "docs/api.md");
        script.Append("SEND_ID=\"$GUIDE_SEND_ID\"\n");
        Append(script, "docs/operations.md");
        var file = Path.Combine(Path.GetTempPath(), $"massemail-docs-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script.ToString());

        using var http = new HttpClient();
        var before = await GuideMailAsync(http);
        try
        {
            var (exitCode, log) = await ToolRun.RunAsync("bash", [file], RepoRoot.Find(), new Dictionary<string, string?>
            {
                ["MASSEMAIL_GRPC_PORT"] = new Uri(url!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MASSEMAIL_SES_PORT"] = new Uri(sesUrl!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MASSEMAIL_DATA_DIR"] = dataDir,
                ["MASSEMAIL_API_KEY"] = null,
            }, Stall);
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"the docs' commands failed with exit code {exitCode}:\n{log}");
        }
        finally
        {
            File.Delete(file);
        }

        // The guide's send went to its two contacts with valid addresses, one mail each.
        var sent = (await GuideMailAsync(http)).Skip(before.Count).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["alan@guide.example", "grace@guide.example"], sent);
    }

    private void Append(StringBuilder script, string page)
    {
        foreach (var (line, language, code) in MarkdownDoc.Load(page).Blocks().Where(b => b.Language == "bash"))
        {
            output.WriteLine($"runs {page} line {line}");
            script.Append(System.FormattableString.Invariant($": {page} line {line}\n")).Append(code).Append('\n');
        }
    }

    private async Task<List<string>> GuideMailAsync(HttpClient http)
    {
        var store = await http.GetFromJsonAsync<EmulatorStore>($"{sesUrl}/store") ?? throw new InvalidOperationException("empty /store");
        return [.. store.Emails.SelectMany(e => e.Destination.To).Where(to => to.EndsWith("@guide.example", StringComparison.Ordinal))];
    }
}
