using System.Collections.Concurrent;
using System.Diagnostics;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>Runs a command-line tool of the machine (docker-compose, sh) to its end and returns its exit code and output.</summary>
internal static class ToolRun
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null when the machine does not have it.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <param name="environment">Variables to set (a null value removes the variable) on top of this process's.</param>
    /// <param name="stall">How long the tool may go without output or CPU use before it counts as hung.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? stall = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var lines = new ConcurrentQueue<string>();
        using var process = ChildProcess.Start(start, lines.Enqueue);
        var exitCode = await ChildProcess.WaitForExitAsync(process, lines, $"{Path.GetFileName(file)} is still running", stall);
        return (exitCode, string.Join('\n', lines));
    }
}
