using System.Diagnostics.Metrics;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Work;

/// <summary>
/// Failures of the leased background work, by source (<see cref="IWorkSource.Name"/>): a claim that threw (the store
/// unreachable, say) or a unit that threw. The loop logs each with its error and goes on; the count lets an operator see
/// a unit failing again and again (its lease ends, another claim retries it) without reading the log. A loop reports
/// its source at 0 when it starts, so the series exists before the first failure.
/// </summary>
public static class WorkTelemetry
{
    private static readonly Meter Meter = new(SendingTelemetry.Name);

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "massemail.work.failures", "{failure}", "Claims and units of leased background work that failed, by source");

    /// <summary>A loop of <paramref name="source"/> started: its series reads 0 until a failure.</summary>
    public static void Started(string source) => Failures.Add(0, new KeyValuePair<string, object?>("source", source));

    /// <summary>A claim or a unit of <paramref name="source"/> threw.</summary>
    public static void Failed(string source) => Failures.Add(1, new KeyValuePair<string, object?>("source", source));
}
