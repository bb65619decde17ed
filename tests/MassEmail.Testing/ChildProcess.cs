using System.Diagnostics;

namespace MassEmail.Testing;

/// <summary>A child process of a test whose output is read line by line, waited for while it makes progress.</summary>
public static class ChildProcess
{
    /// <summary>Starts <paramref name="start"/> with stdout and stderr redirected, each line (of either) to <paramref name="onLine"/>.</summary>
    public static Process Start(ProcessStartInfo start, Action<string> onLine)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Forward(string? line)
        {
            if (line is not null)
            {
                onLine(line);
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="process"/> exited and its output was read to the end, while it makes progress:
    /// uses another whole second of CPU or writes another line (counted in <paramref name="lines"/>). On a stall
    /// it kills the process and what it started, and throws <see cref="NoProgressException"/>.
    /// </summary>
    public static async Task<int> WaitForExitAsync(Process process, IReadOnlyCollection<string> lines, string what, TimeSpan? stall = null)
    {
        try
        {
            await Progress.WaitAsync(
                () => process.HasExited, exited => exited, _ => ProgressMarker(process, lines.Count), _ => $"{what}:\n{string.Join('\n', lines.TakeLast(50))}", stall);
        }
        catch (NoProgressException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit(); // the output, too, has been read to its end
        return process.ExitCode;
    }

    /// <summary>
    /// What shows a process is working: whole CPU seconds (so that an idle process's timer ticks do not count)
    /// and lines of output (<paramref name="linesWritten"/> so far).
    /// </summary>
    public static (long CpuSeconds, int Lines) ProgressMarker(Process process, int linesWritten)
    {
        try
        {
            process.Refresh();
            return ((long)process.TotalProcessorTime.TotalSeconds, linesWritten);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited (Linux reports a process that exits while being read as a Win32Exception): the caller's next observation says so.
            return (-1, linesWritten);
        }
    }
}
