using System.Diagnostics;

namespace MassEmail.Cli.Tests;

/// <summary>
/// Ctrl-C (SIGINT, as a terminal sends it) on <c>send watch</c> detaches: the CLI exits 130 and the send is left as it
/// was. A paused send is watched, so that it is still running, whatever the machine's speed, when the signal comes.
/// </summary>
[Collection(CliServerCollection.Name)]
public sealed class CliDetachTests(CliServerFixture server) : IDisposable
{
    private const int Contacts = 500;

    private readonly TempDirectory directory = new();

    [SkippableFact]
    public async Task SendWatch_CtrlC_DetachesWithExit130AndTheSendGoesOn()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        Skip.If(InterruptIgnored(), "SIGINT is ignored in this test process (a non-interactive shell started the suite in the background), so the CLI it starts inherits that and no Ctrl-C can reach it; run the suite in the foreground");
        var cli = new CliProcess(Path.Combine(directory.Path, "config"), new Dictionary<string, string>
        {
            ["MASSEMAIL_URL"] = server.Url,
            ["MASSEMAIL_API_KEY"] = server.ApiKey,
        });
        var sendId = await StartPausedSendAsync(cli);
        var signalled = 0;

        var watch = await cli.RunAsync(
            (pid, line) =>
            {
                if (line.Contains("PAUSED", StringComparison.Ordinal) && Interlocked.Exchange(ref signalled, 1) == 0)
                {
                    using var kill = Process.Start("kill", ["-INT", $"{pid}"]);
                }
            },
            "send", "watch", sendId);
        var after = await cli.RunAsync("send", "show", sendId, "--json");
        var cancel = await cli.RunAsync("send", "cancel", sendId);
        var cancelled = await cli.RunAsync("send", "watch", sendId, "--json");

        Assert.True(watch.ExitCode == ExitCodes.Interrupted, watch.ToString());
        Assert.Contains($"Detached: send {sendId} goes on (PAUSED", watch.Stdout, StringComparison.Ordinal);
        Assert.Equal("SEND_STATE_PAUSED", after.Json().GetProperty("state").GetString());
        Assert.True(cancel.ExitCode == ExitCodes.Ok, cancel.ToString());
        Assert.Equal(ExitCodes.SendCancelled, cancelled.ExitCode);
        Assert.Equal("SEND_STATE_CANCELLED", cancelled.Json().GetProperty("send").GetProperty("state").GetString());
    }

    public void Dispose() => directory.Dispose();

    /// <summary>Whether SIGINT (signal 2) is in this process's ignored set, which children inherit.</summary>
    private static bool InterruptIgnored() =>
        File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;

    // 500 recipients take the emulator's 17.5 messages per second half a minute; the pause comes right after the start.
    private async Task<string> StartPausedSendAsync(CliProcess cli)
    {
        var prefix = $"detach{Guid.NewGuid():N}"[..18];
        var csv = Path.Combine(directory.Path, "many.csv");
        await File.WriteAllLinesAsync(csv, ["external_id,email", .. Enumerable.Range(1, Contacts).Select(i => $"{prefix}-{i},{prefix}-{i}@cli-test.example")]);
        var import = await cli.RunAsync("records", "import", csv, "--module", "contacts");
        Assert.True(import.ExitCode == ExitCodes.Ok, import.ToString());
        var templateFile = Path.Combine(directory.Path, "t.html");
        await File.WriteAllTextAsync(templateFile, $"---\nname: Detach {prefix}\nsubject: Hi\n---\n<p>Hi</p>\n");
        var push = await cli.RunAsync("templates", "push", templateFile, "--json");
        var criteria = CriteriaJson.ExternalIdStartsWith(prefix);
        var start = await cli.RunAsync(
            "send", "start", "--module", "contacts", "--template", push.Json().GetProperty("template").GetProperty("id").GetString()!,
            "--from", "organisation", "--reply-to", "organisation", "--criteria", criteria, "--json");
        Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
        var sendId = start.Json().GetProperty("id").GetString()!;
        var pause = await cli.RunAsync("send", "pause", sendId);
        Assert.True(pause.ExitCode == ExitCodes.Ok, pause.ToString());
        return sendId;
    }
}
