using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace MassEmail.Testing;

/// <summary>
/// Starts the real SES emulator (aws-ses-v2-local from tools/, installed by tools/install.sh) on
/// 127.0.0.1 and a free port, with a complete account so GetAccount answers, and stops it by its
/// PID. When node is missing or the tools cannot be installed, <see cref="SkipReason"/> says why and
/// the tests report themselves as skipped.
/// </summary>
public class SesEmulatorFixture : IAsyncLifetime
{
    public const double Max24HourSend = 43210;
    public const double MaxSendRate = 17.5;
    public const double SentLast24Hours = 321;

    public SesEmulatorFixture()
        : this(MaxSendRate)
    {
    }

    /// <param name="maxSendRate">The MaxSendRate GetAccount reports (what the send pipeline's limiter uses).</param>
    protected SesEmulatorFixture(double maxSendRate)
    {
        AccountJson = Account(maxSendRate);
    }

    private string AccountJson { get; }

    // GetAccount needs a complete account object; SendQuota alone is rejected by the emulator.
    private static string Account(double maxSendRate) => FormattableString.Invariant($$$"""
        {"DedicatedIpAutoWarmupEnabled":false,
         "Details":{"AdditionalContactEmailAddresses":[],"ContactLanguage":"EN","MailType":"MARKETING",
                    "ReviewDetails":{"CaseId":"massemail-tests","Status":"GRANTED"},
                    "UseCaseDescription":"tests","WebsiteURL":"http://localhost"},
         "EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendingEnabled":true,
         "SendQuota":{"Max24HourSend":{{{Max24HourSend}}},"MaxSendRate":{{{maxSendRate}}},"SentLast24Hours":{{{SentLast24Hours}}}},
         "SuppressionAttributes":{"SuppressedReasons":[]}}
        """);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public string? SkipReason { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find();
        var install = await RunAsync("bash", [Path.Combine(root, "tools", "install.sh")]);
        if (install is not null)
        {
            SkipReason = $"SES emulator unavailable: tools/install.sh failed ({install}).";
            return;
        }

        var executable = Path.Combine(root, "tools", "node_modules", ".bin", "aws-ses-v2-local");
        // A free port can be taken between probing and binding: try a few.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (await TryStartAsync(executable, FreePort.Next()))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The SES emulator did not start:\n{string.Join('\n', _log)}");
    }

    public async Task<EmulatorStore> ReadStoreAsync() =>
        await Http.GetFromJsonAsync<EmulatorStore>(new Uri(BaseAddress, "store")) ?? throw new InvalidOperationException("Empty /store.");

    /// <summary>
    /// The message as MIME text, as the emulator renders it (<c>GET /get-emlContent</c>): what a mailbox would receive,
    /// headers folded as on the wire.
    /// </summary>
    public async Task<string> ReadRawAsync(string messageId)
    {
        using var answer = System.Text.Json.JsonDocument.Parse(
            await Http.GetStringAsync(new Uri(BaseAddress, $"get-emlContent?messageId={Uri.EscapeDataString(messageId)}")));
        // The body is a Node Buffer in JSON: {"type":"Buffer","data":[bytes]}.
        var bytes = answer.RootElement.GetProperty("body").GetProperty("data").EnumerateArray().Select(b => b.GetByte()).ToArray();
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    public async Task<StoredEmail> SingleEmailToAsync(string recipient)
    {
        var store = await ReadStoreAsync();
        return Assert.Single(store.Emails, e => e.Destination.To.Contains(recipient));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
    }

    private async Task<bool> TryStartAsync(string executable, int port)
    {
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        start.Environment["AWS_SES_ACCOUNT"] = AccountJson;
        // Set, it would make the emulator relay every mail to that SMTP server.
        start.Environment.Remove("SMTP_TRANSPORT");
        var lines = new ConcurrentQueue<string>();
        var process = _process = ChildProcess.Start(start, line =>
        {
            lines.Enqueue(line);
            _log.Enqueue(line);
        });

        // Wait for its own "server running" line, so we never talk to another process on that port.
        try
        {
            await Progress.WaitAsync(
                () => process.HasExited || lines.Any(l => l.Contains("server running at", StringComparison.Ordinal)),
                ready => ready,
                _ => ChildProcess.ProgressMarker(process, lines.Count),
                _ => $"The SES emulator did not report ready:\n{string.Join('\n', _log)}");
        }
        catch (NoProgressException)
        {
            await StopAsync();
            throw;
        }

        if (_process.HasExited)
        {
            // Most likely lost the port to someone else; the caller tries another.
            await StopAsync();
            return false;
        }

        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var health = await Http.GetAsync(new Uri(BaseAddress, "health-check"));
        health.EnsureSuccessStatusCode();
        return true;
    }

    private async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        // Only the process we started, by its PID: the emulator runs as node directly (no wrapper shell).
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    /// <summary>Runs a command to completion while it makes progress; null when it succeeded, else a short reason.</summary>
    private static async Task<string?> RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var lines = new ConcurrentQueue<string>();
        using var process = ChildProcess.Start(start, lines.Enqueue);
        try
        {
            var exitCode = await ChildProcess.WaitForExitAsync(process, lines, $"{fileName} is still running");
            return exitCode == 0 ? null : $"exit {exitCode}: {string.Join(' ', lines).Trim()}";
        }
        catch (NoProgressException e)
        {
            return e.Message;
        }
    }
}
