namespace MassEmail.Bench;

/// <summary>What one measured run produced.</summary>
/// <param name="TargetRate">Requests/s asked for (open loop); 0 in the closed loop.</param>
/// <param name="Concurrency">Callers (closed loop); 0 in the open loop.</param>
/// <param name="AchievedRate">Successful measured requests per second of measured time.</param>
/// <param name="Latency">From the scheduled send (open loop) or the actual send (closed loop) to the reply.</param>
/// <param name="OtherCores">CPU that other processes used meanwhile: anything well above 0 disturbed the run.</param>
/// <param name="PerSecond">Open loop: latency of the requests due in each second, to tell stalls from a steady tail.</param>
/// <param name="PacerLag">How late the open-loop pacer released requests: the client's own share of the latency.</param>
internal sealed record LoadResult(
    BenchMode Mode,
    int TargetRate,
    int Concurrency,
    int Completed,
    int Errors,
    string? FirstError,
    double AchievedRate,
    LatencySummary Latency,
    LatencySummary? PacerLag,
    double ServerCores,
    double BenchCores,
    double? OtherCores,
    IReadOnlyList<LatencySummary>? PerSecond = null);
