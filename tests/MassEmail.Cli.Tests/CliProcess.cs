using System.Collections.Concurrent;
using System.Diagnostics;

namespace MassEmail.Cli.Tests;

/// <summary>
/// Runs the built CLI (<c>massemail.dll</c> copied next to the tests) as a process with its own config directory
/// (<c>XDG_CONFIG_HOME</c>), so <c>login</c> never touches the user's, and without the MASSEMAIL_URL/API_KEY of
/// this process unless given. Stdout is not a terminal, as in a script.
/// </summary>
public sealed class CliProcess(string configHome, IReadOnlyDictionary<string, string>? environment = null)
{
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "massemail.dll");

    /// <summary>The login file the CLI writes under <see cref="CliProcess"/>'s config directory.</summary>
    public string ConfigFile => Path.Combine(configHome, "massemail", "config.json");

    /// <summary>The login file's permissions and its directory's (the CLI runs where Unix modes exist; the suite too).</summary>
    public (UnixFileMode File, UnixFileMode Directory) ConfigModes => OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("Unix file modes")
        : (File.GetUnixFileMode(ConfigFile), File.GetUnixFileMode(Path.GetDirectoryName(ConfigFile)!));

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(stdin: null, args);

    /// <summary>Runs the CLI and hands each stdout line, with the process's PID, to <paramref name="onStdout"/> as it comes.</summary>
    public Task<CliRun> RunAsync(Action<int, string> onStdout, params string[] args) => RunCoreAsync(stdin: null, onStdout, args);

    /// <param name="stdin">What the CLI reads on its standard input (closed at once when null).</param>
    public Task<CliRun> RunWithInputAsync(string? stdin, params string[] args) => RunCoreAsync(stdin, onStdout: null, args);

    private async Task<CliRun> RunCoreAsync(string? stdin, Action<int, string>? onStdout, string[] args)
    {
        var start = new ProcessStartInfo(Dotnet()) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = configHome;
        start.Environment.Remove("MASSEMAIL_URL");
        start.Environment.Remove("MASSEMAIL_API_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var all = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            Keep(stdout, e.Data);
            if (e.Data is not null)
            {
                onStdout?.Invoke(process.Id, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Keep(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var command = string.Join(' ', args);
        var exitCode = await ChildProcess.WaitForExitAsync(process, all, $"massemail {command} is still running");
        return new CliRun(command, exitCode, string.Join('\n', stdout), string.Join('\n', stderr));

        void Keep(ConcurrentQueue<string> stream, string? line)
        {
            if (line is not null)
            {
                stream.Enqueue(line);
                all.Enqueue(line);
            }
        }
    }

    // dotnet test names the muxer it runs under; else the one on PATH.
    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
