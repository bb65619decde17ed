using MassEmail.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Batches of sending sends as leased work: each unit is one claimed batch, sent by <see cref="SendDispatcher"/>.
/// Sends take turns batch by batch (<see cref="SendRotation"/>: organisations first, then their sends), so no send is
/// drained before another starts. Before planning a round it recovers expired batch claims of dead workers (rows whose
/// call may have started turn UNKNOWN, the rest is claimable again), at most once per poll interval.
/// </summary>
public sealed partial class SendBatchWork(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    SendDispatcher dispatcher,
    IOptions<SendingOptions> options,
    TimeProvider time,
    ILogger<SendBatchWork> logger) : IWorkSource, IDisposable
{
    /// <summary>Sending sends a round is planned from (oldest first).</summary>
    private const int SendsPerRound = 100;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SendRotation rotation = new();
    private long lastExpiry;

    public string Name => "send-batches";

    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
    {
        for (var tries = 1; ; tries++)
        {
            var (send, roundSize) = await NextTurnAsync(ct);
            if (send is null)
            {
                return null;
            }

            if (await dispatcher.ClaimAsync(send, worker, ct) is { } batch)
            {
                return new BatchUnit(dispatcher, send, batch, worker, logger);
            }

            // Every send of a round had its turn and none had a batch to claim: nothing to do now.
            if (tries >= roundSize)
            {
                return null;
            }
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<(MassSend? Send, int RoundSize)> NextTurnAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (rotation.IsEmpty)
            {
                await ExpireLeasesAsync(ct);
                rotation.Plan(await sends.ListSendingAsync(SendsPerRound, ct));
            }

            return (rotation.Next(), rotation.RoundSize);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ExpireLeasesAsync(CancellationToken ct)
    {
        if (lastExpiry != 0 && time.GetElapsedTime(lastExpiry) < options.Value.PollInterval)
        {
            return;
        }

        lastExpiry = time.GetTimestamp();
        var expired = await deliveries.ExpireLeasesAsync(time.GetUtcNowMs(), ct);
        SendingTelemetry.Expired(expired);
        if (expired > 0)
        {
            LogExpired(logger, expired);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} deliveries were in flight at a worker that stopped; they are UNKNOWN now (never re-sent automatically); the rest of its batches will be sent")]
    private static partial void LogExpired(ILogger logger, int count);

    private sealed class BatchUnit(SendDispatcher dispatcher, MassSend send, DeliveryBatch batch, string worker, ILogger logger) : IWorkUnit
    {
        public async Task RunAsync(CancellationToken stop)
        {
            using var scope = logger.BeginScope("Organisation {OrgId}, send {SendId}", send.OrgId, send.Id);
            await dispatcher.RunAsync(send, batch, worker, stop);
        }
    }
}
