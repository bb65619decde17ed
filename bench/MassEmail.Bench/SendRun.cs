using System.Globalization;

namespace MassEmail.Bench;

/// <summary>One run of the send benchmark: a fresh server, its send to every imported candidate, and the floor after it.</summary>
internal sealed record SendRun(
    DateTime StartedUtc,
    int Rows,
    long Sent,
    double Seconds,
    double StartSeconds,
    double? SendingSeconds,
    double WrittenSeconds,
    double SentWhileWritten,
    double SentAfter,
    StoreFloor.FloorResult Floor,
    long StartRss,
    long PeakRss,
    double ServerCores,
    double CpuPerRecipientMicroseconds,
    ServerCounters Counters,
    double? OtherCores)
{
    public const string Header = """
        | run | recipients | sent | seconds (start → completed) | StartMassSend | until SENDING | snapshot written | sent/s while written · after | recipients/s | store floor · CPU a row | share of floor | write gate held · a recipient: send / floor | server RSS at start | server peak RSS | server CPU | server CPU per recipient | server JIT · GC pauses | allocated per recipient | other CPU |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """;

    public const string Targets = "≥ 50,000 recipients/s, ≥ 60 % of the store floor, < 250 MB RSS, flat";

    public double PerSecond => Sent / Seconds;

    public double Share => PerSecond / Floor.PerSecond;

    /// <summary>The share of the send's time the server's writes held the SQLite write gate.</summary>
    public double GateHeldShare => Counters.WriteGateSeconds / Seconds;

    /// <summary>The server's write gate time a recipient sent.</summary>
    public double GateMicrosecondsPerRecipient => Counters.WriteGateSeconds * 1e6 / Math.Max(1, Sent);

    public bool MeetsTargets => PerSecond >= 50_000 && Share >= 0.6 && PeakRss < 250L * 1048576;

    public string Row() => string.Create(CultureInfo.InvariantCulture, $"""
        | {StartedUtc:HH:mm} | {Rows:N0} | {Sent:N0} | {Seconds:0.0} | {StartSeconds:0.0} | ~{SendingSeconds:0.0} | ~{WrittenSeconds:0.0} | {SentWhileWritten:N0} · {SentAfter:N0} | {PerSecond:N0} | {Floor.PerSecond:N0}/s · {Floor.CpuPerRow.TotalMicroseconds:0.0} µs | {Share:P0} | {GateHeldShare:P0} · {GateMicrosecondsPerRecipient:0.0} µs / {Floor.GateHeldShare:P0} · {Floor.GatePerRow.TotalMicroseconds:0.0} µs | {StartRss / 1048576.0:0} MB | {PeakRss / 1048576.0:0} MB | {ServerCores * 100:0} % | {CpuPerRecipientMicroseconds:0} µs | {Counters.JitSeconds:0.0} s · {Counters.GcPauseSeconds:0.0} s | {Counters.AllocatedBytes / Math.Max(1, Sent) / 1024:0.0} KB | {OtherCores * 100:0} % |
        """);

    /// <summary>
    /// The line under the table: one run meets the targets or misses them; several are summed up by how many met them
    /// and by their medians, since runs of one build on a shared machine differ by a quarter (bench/README.md).
    /// </summary>
    public static string Verdict(IReadOnlyList<SendRun> runs)
    {
        if (runs.Count == 1)
        {
            return $"Targets: {Targets} — {(runs[0].MeetsTargets ? "meets the targets" : "MISSES the targets")}.";
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            Medians of the {runs.Count} runs: {Median(runs.Select(r => r.PerSecond)):N0} recipients/s, a store floor of {Median(runs.Select(r => r.Floor.PerSecond)):N0}/s, a share of the floor of {Median(runs.Select(r => r.Share)):P0}, server peak RSS {Median(runs.Select(r => (double)r.PeakRss)) / 1048576.0:0} MB; the write gate held {Median(runs.Select(r => r.GateHeldShare)):P0} of the send at {Median(runs.Select(r => r.GateMicrosecondsPerRecipient)):0.0} µs a recipient, the floor's {Median(runs.Select(r => r.Floor.GateHeldShare)):P0} at {Median(runs.Select(r => r.Floor.GatePerRow.TotalMicroseconds)):0.0} µs a row.
            Targets (each run): {Targets} — met in {runs.Count(r => r.MeetsTargets)} of {runs.Count} runs.
            """);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
