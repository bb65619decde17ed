using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>
/// The background engine of this instance: writes audience snapshots, and beside that recovers expired
/// batch claims (rows whose call may have started turn UNKNOWN, the rest is claimable again) and sends batches of every sending send in turn. Several instances can run on one
/// store: claims and leases keep them from doing the same work twice.
/// </summary>
public sealed partial class MassSendWorker(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    SnapshotRunner snapshots,
    SendDispatcher dispatcher,
    IOptions<SendingOptions> options,
    TimeProvider time,
    ILogger<MassSendWorker> logger) : BackgroundService
{
    /// <summary>Batches a lane sends in one round before the round looks for expired leases and other sends again.</summary>
    private const int BatchesPerLane = 8;

    /// <summary>This process's worker name in claims and leases.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Ids.New()[^6..]}";

    // Snapshots and sending run side by side, so a send's first rows go out while the rest of its
    // audience is still being written.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(LoopAsync(RunSnapshotsOnceAsync, stoppingToken), LoopAsync(RunDispatchOnceAsync, stoppingToken));

    /// <summary>Writes the snapshots of queued sends (and of sends whose snapshot worker stopped); true when there was one.</summary>
    public async Task<bool> RunSnapshotsOnceAsync(CancellationToken ct)
    {
        var worked = false;
        while (await snapshots.RunOnceAsync(WorkerId, ct))
        {
            worked = true;
        }

        return worked;
    }

    /// <summary>Recovers expired batch claims and sends a batch (or a few) of every sending send; true when anything was done.</summary>
    public async Task<bool> RunDispatchOnceAsync(CancellationToken ct)
    {
        var expired = await deliveries.ExpireLeasesAsync(time.GetUtcNowMs(), ct);
        SendingTelemetry.Expired(expired);
        if (expired > 0)
        {
            LogExpired(logger, expired);
        }

        var worked = expired > 0;
        var inFlight = options.Value.BatchesInFlight;
        foreach (var send in await sends.ListSendingAsync(100, ct))
        {
            var claimed = await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => RunLaneAsync(send, ct)));
            worked |= claimed.Any(c => c > 0);
        }

        return worked;
    }

    /// <summary>
    /// Up to <see cref="BatchesPerLane"/> batches of the send one after another, as long as it is still sending.
    /// Lanes run side by side without waiting for each other, so one lane's claim or stored outcomes (the
    /// store's serial writes) overlap another's rendering and sending instead of all lanes waiting in step.
    /// </summary>
    private async Task<int> RunLaneAsync(MassSend send, CancellationToken ct)
    {
        using var logScope = logger.BeginScope("Organisation {OrgId}, send {SendId}", send.OrgId, send.Id);
        var total = 0;
        for (var i = 0; i < BatchesPerLane; i++)
        {
            var claimed = await dispatcher.RunBatchAsync(send, WorkerId, ct);
            total += claimed;
            if (claimed == 0 || ct.IsCancellationRequested
                || await sends.GetAsync(send.OrgId, send.Id, ct) is not { State: SendState.Sending } current)
            {
                break;
            }

            send = current;
        }

        return total;
    }

    private async Task LoopAsync(Func<CancellationToken, Task<bool>> round, CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first round may take long.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                worked = false;
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The mass send worker loop failed; retrying")]
    private static partial void LogLoopFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} deliveries were in flight at a worker that stopped; they are UNKNOWN now (never re-sent automatically); the rest of its batches will be sent")]
    private static partial void LogExpired(ILogger logger, int count);
}
