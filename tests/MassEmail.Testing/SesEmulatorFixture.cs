using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

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

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string? SkipReason { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        var root = RepoRoot.Find();
        var install = await RunAsync("bash", [Path.Combine(root, "tools", "install.sh")], TimeSpan.FromMinutes(5));
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

        throw new InvalidOperationException($"The SES emulator did not start:\n{_log}");
    }

    public async Task<EmulatorStore> ReadStoreAsync() =>
        await Http.GetFromJsonAsync<EmulatorStore>(new Uri(BaseAddress, "store")) ?? throw new InvalidOperationException("Empty /store.");

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
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_SES_ACCOUNT"] = AccountJson;
        // Set, it would make the emulator relay every mail to that SMTP server.
        start.Environment.Remove("SMTP_TRANSPORT");

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        _process.Exited += (_, _) => ready.TrySetResult();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait for its own "server running" line, so we never talk to another process on that port.
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await StopAsync();
            throw new InvalidOperationException($"The SES emulator did not report ready within {StartTimeout}:\n{_log}");
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

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains("server running at", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
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

    /// <summary>Runs a command to completion; null when it succeeded, else a short reason.</summary>
    private static async Task<string?> RunAsync(string fileName, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            return $"timed out after {timeout}";
        }

        return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}";
    }
}
