using System.Diagnostics;

namespace MassEmail.Bench;

/// <summary>Percentiles of recorded latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);

    /// <summary>Nearest-rank percentiles of Stopwatch tick durations; sorts <paramref name="ticks"/> in place.</summary>
    public static LatencySummary FromTicks(Span<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            return Empty;
        }

        ticks.Sort();
        return new LatencySummary(
            ticks.Length,
            Rank(ticks, 0.50),
            Rank(ticks, 0.90),
            Rank(ticks, 0.99),
            Rank(ticks, 0.999),
            ToMs(ticks[^1]));
    }

    private static double Rank(Span<long> sorted, double percentile)
    {
        var index = (int)Math.Ceiling(percentile * sorted.Length) - 1;
        return ToMs(sorted[Math.Clamp(index, 0, sorted.Length - 1)]);
    }

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
