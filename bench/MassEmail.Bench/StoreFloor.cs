using System.Diagnostics;
using MassEmail.Core;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Bench;

/// <summary>
/// The store floor of the send benchmark: the engine's own per-recipient store writes, and nothing else, in one loop in
/// this process through the SQLite adapter on a fresh file — the snapshot's appends (1,000 rows a call, cut into
/// batches of <see cref="SendingOptions.BatchSize"/>), then per batch its claim, a checkpoint (outcomes stored and the
/// in-flight mark raised) every lane's window of rows, and its release. No
/// rendering, no record or suppression look-ups, no rate limiter, no gRPC: the pipeline's rate as a share of this one
/// is what the engine keeps of what the store allows.
/// </summary>
internal static class StoreFloor
{
    public const string Name = "floor";

    private const int AppendChunk = 1000;

    /// <summary>
    /// The floor alone (<c>floor</c>), printed and not written to the README: to see what a store change does to it
    /// without a send around it (a profiler attached to this process sees nothing else).
    /// </summary>
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var rows = options.Rows;
        var floor = await MeasureAsync(rows, ct);
        Console.WriteLine($"store floor: {rows:N0} rows at {floor.PerSecond:N0}/s, {floor.CpuPerRow.TotalMicroseconds:0.0} µs of CPU a row, " +
            $"the write gate held {floor.GateHeldShare:P0} of the time, {floor.GatePerRow.TotalMicroseconds:0.0} µs a row");
        return 0;
    }

    /// <summary>
    /// The floor's rate, and this process's CPU time over the loop a row. The loop is one thread, so its time is its CPU
    /// plus its waits: a low rate at the usual CPU a row waited longer (the disk, the scheduler); a higher CPU a row
    /// ran on slower cores or did more work.
    /// </summary>
    public static async Task<FloorResult> MeasureAsync(int rows, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"massemail-floor-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = Path.Combine(directory, "floor.db") };
            // The Sending__* knobs a run tries out reach the server from this process's environment: the floor uses the same.
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
            await using var services = new ServiceCollection().AddSqliteStore(configuration).BuildServiceProvider();
            await services.GetRequiredService<IStoreInitializer>().InitializeAsync(ct);
            var deliveries = services.GetRequiredService<IDeliveryStore>();
            var options = configuration.GetSection("Sending").Get<SendingOptions>() ?? new SendingOptions();
            var (orgId, sendId) = (Ids.New(), Ids.New());

            using var gate = new WriteGateMeter();
            var cpuStart = CpuMeter.BenchCpuTime();
            var watch = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            for (var start = 0; start < rows; start += AppendChunk)
            {
                var chunk = Enumerable.Range(start, Math.Min(AppendChunk, rows - start))
                    .Select(i => new Delivery(Ids.New(), orgId, sendId, Ids.New(), $"floor{i}@example.com", DeliveryState.Pending, SkipReason.None, 0, null, null, "", "", now))
                    .ToList();
                await deliveries.AppendAsync(chunk, options.BatchSize, ct);
            }

            // The null transport's calls end at once, so at each checkpoint a lane's whole window is free again: the
            // checkpoint stores the window's outcomes and marks the next whole window (SendDispatcher's pump), 16 of
            // them for a 1,000-row batch at the shipped knobs. (A transport whose calls take time checkpoints once half
            // the window is free.)
            var group = SendDispatcher.WindowSize(options.Concurrency, NullMailTransport.Rate, options.BatchesInFlight);
            var sent = 0;
            while (await deliveries.ClaimBatchAsync(sendId, "floor", DateTimeOffset.UtcNow + options.LeaseDuration, ct) is { } batch)
            {
                List<DeliveryOutcome> done = [];
                foreach (var part in batch.Rows.Chunk(group))
                {
                    await deliveries.CheckpointAsync(batch, done, part[^1].Id, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + options.LeaseDuration, ct);
                    done = [.. part.Select(d => new DeliveryOutcome(d.Id, DeliveryState.Sent, SkipReason.None, 1, $"floor-{d.Id}", ""))];
                }

                await deliveries.ReleaseAsync(batch, done, DateTimeOffset.UtcNow, ct);
                sent += batch.Rows.Count;
            }

            watch.Stop();
            var cpu = CpuMeter.BenchCpuTime() - cpuStart;
            if (sent != rows)
            {
                throw new InvalidOperationException($"the floor loop sent {sent} of {rows} rows");
            }

            return new FloorResult(rows / watch.Elapsed.TotalSeconds, cpu / rows, gate.Held / watch.Elapsed, gate.Held / rows);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The floor's rows a second, the bench process's CPU time a row meanwhile, and the share of the loop's time its
    /// writes held the write gate and that time a row.
    /// </summary>
    public sealed record FloorResult(double PerSecond, TimeSpan CpuPerRow, double GateHeldShare, TimeSpan GatePerRow);
}
