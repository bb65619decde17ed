using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MassEmail.Bench;

/// <summary>Results as markdown, for the console and for bench/README.md.</summary>
internal static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Where and when the numbers were taken: they mean little without it.</summary>
    public static string RunFacts()
    {
        var cpu = CpuModel();
        var load = LoadAverage();
        return string.Create(Invariant, $"""
            Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} logical cores{(cpu is null ? "" : $" ({cpu})")},
            {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; server and bench share the machine{(load is null ? "" : $" (load average at the end: {load})")}.
            """);
    }

    public static string Table(IEnumerable<LoadResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| mode | load | achieved req/s | requests | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | server CPU | bench CPU | other CPU |");
        table.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var load = r.Mode == BenchMode.Rate
                ? string.Create(Invariant, $"{r.TargetRate:N0} req/s open loop")
                : string.Create(Invariant, $"{r.Concurrency} callers closed loop");
            var l = r.Latency;
            table.AppendLine(string.Create(Invariant,
                $"| {r.Mode.ToString().ToLowerInvariant()} | {load} | {r.AchievedRate:N0} | {r.Completed:N0} | {r.Errors:N0} | " +
                $"{l.P50:F2} | {l.P90:F2} | {l.P99:F2} | {l.P999:F2} | {l.Max:F2} | {Cores(r.ServerCores)} | {Cores(r.BenchCores)} | {(r.OtherCores is { } other ? Cores(other) : "n/a")} |"));
        }

        return table.ToString();
    }

    /// <summary>The open-loop verdict against the target, plus what the client itself added.</summary>
    public static string Verdict(LoadResult rate, double targetP99Ms)
    {
        var met = rate.Errors == 0 && rate.Latency.P99 < targetP99Ms;
        var text = string.Create(Invariant,
            $"Target p99 < {targetP99Ms:0.#} ms at {rate.TargetRate:N0} req/s: **{(met ? "met" : "missed")}** (p99 {rate.Latency.P99:F2} ms, {rate.Errors} errors).");
        if (rate.PacerLag is { } lag)
        {
            text += string.Create(Invariant,
                $" The pacer released requests late by p99 {lag.P99:F3} ms / max {lag.Max:F2} ms (included in the latencies).");
        }

        if (rate.PerSecond is { Count: > 0 } seconds)
        {
            var worst = seconds.Select((s, i) => (s.P99, Second: i + 1)).MaxBy(s => s.P99);
            var goodSeconds = seconds.Count(s => s.Count > 0 && s.P99 < targetP99Ms);
            text += string.Create(Invariant,
                $" Per second: p99 < {targetP99Ms:0.#} ms in {goodSeconds} of {seconds.Count} seconds; worst second {worst.Second} with p99 {worst.P99:F2} ms.");
        }

        if (rate.FirstError is { } error)
        {
            text += $"\nFirst error: `{error}`";
        }

        return text;
    }

    /// <summary>p99 of each measured second on one line, for the console.</summary>
    public static string PerSecondLine(LoadResult rate) =>
        rate.PerSecond is null ? "" : "p99 per second (ms): " + string.Join(' ', rate.PerSecond.Select(s => s.P99.ToString("F1", Invariant)));

    private static string Cores(double cores) => string.Create(Invariant, $"{cores * 100:F0} %");

    // Other work on the machine skews the numbers; the load average says whether there was any.
    private static string? LoadAverage()
    {
        const string LoadAvg = "/proc/loadavg";
        return File.Exists(LoadAvg) ? string.Join(' ', File.ReadAllText(LoadAvg).Split(' ').Take(3)) : null;
    }

    private static string? CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return null;
        }

        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
