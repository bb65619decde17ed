using System.Diagnostics;

namespace MassEmail.Bench;

/// <summary>
/// CPU used over the measured window by the server, by the bench and by everything else on the
/// machine, in cores (1.0 = one core busy). All share the machine, so the numbers tell whether a
/// run was CPU-bound and whether other work disturbed it.
/// </summary>
internal sealed class CpuMeter(Func<TimeSpan> serverCpuTime)
{
    private long _startTimestamp;
    private TimeSpan _serverStart;
    private TimeSpan _benchStart;
    private (long Busy, long Total)? _machineStart;

    public double ServerCores { get; private set; }

    public double BenchCores { get; private set; }

    /// <summary>Cores used by other processes (Linux only; null elsewhere).</summary>
    public double? OtherCores { get; private set; }

    public void Start()
    {
        _serverStart = serverCpuTime();
        _benchStart = BenchCpuTime();
        _machineStart = MachineTicks();
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    public void Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_startTimestamp);
        ServerCores = (serverCpuTime() - _serverStart) / wall;
        BenchCores = (BenchCpuTime() - _benchStart) / wall;
        if (_machineStart is { } start && MachineTicks() is { } end && end.Total > start.Total)
        {
            var machineCores = (double)(end.Busy - start.Busy) / (end.Total - start.Total) * Environment.ProcessorCount;
            OtherCores = Math.Max(0, machineCores - ServerCores - BenchCores);
        }
    }

    /// <summary>This (the bench) process's CPU time so far.</summary>
    public static TimeSpan BenchCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Busy and total jiffies of all cores, from the first line of /proc/stat.</summary>
    private static (long Busy, long Total)? MachineTicks()
    {
        const string Stat = "/proc/stat";
        if (!File.Exists(Stat))
        {
            return null;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines(Stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        return (total - idle, total);
    }
}
