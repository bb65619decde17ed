using MassEmail.Core.Consent;
using MassEmail.Core.Sending;
using MassEmail.Core.Syncs;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Telemetry;

/// <summary>
/// Samples the store's claimable work for the metrics every <see cref="TelemetryOptions.PendingSampleInterval"/>:
/// deliveries PENDING in the sends that are SENDING, and the batches they make. The store's numbers, so every
/// instance on one store reports the same. Also the consent outbox's depth (opt-outs not yet published to the
/// campaign tools) and the campaign-tool syncs' backlog per connection (<see cref="SyncTelemetry"/>).
/// </summary>
public sealed partial class PendingWorkSampler(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    IConsentStore consent,
    ISyncDefinitionStore syncs,
    IOptions<SendingOptions> sending,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<PendingWorkSampler> logger) : BackgroundService
{
    /// <summary>The sends sampled per round (as many as the worker looks at).</summary>
    private const int MaxSends = 100;

    /// <summary>The sync definitions sampled per round, across organisations.</summary>
    private const int MaxDefinitions = 10_000;

    /// <summary>One sample.</summary>
    public async Task SampleAsync(CancellationToken ct)
    {
        long pending = 0;
        long batches = 0;
        var batchSize = Math.Max(1, sending.Value.BatchSize);
        foreach (var send in await sends.ListSendingAsync(MaxSends, ct))
        {
            var counts = await deliveries.CountAsync(send.OrgId, send.Id, ct);
            pending += counts.Pending;
            batches += (counts.Pending + batchSize - 1) / batchSize;
        }

        SendingTelemetry.PendingWork(pending, batches);
        SendingTelemetry.ConsentOutboxDepth(await consent.CountPendingAsync(ct));
        SyncTelemetry.Backlog(SyncTelemetry.Measure(await SyncDefinitionsAsync(ct), time.GetUtcNow()));
    }

    /// <summary>Every organisation's sync definitions (a small table: definitions, not records), at most MaxDefinitions.</summary>
    private async Task<List<SyncDefinition>> SyncDefinitionsAsync(CancellationToken ct)
    {
        const int Page = 500;
        List<SyncDefinition> all = [];
        while (all.Count < MaxDefinitions)
        {
            var page = await syncs.ListAllAsync(all.Count == 0 ? null : all[^1].Id, Page, ct);
            all.AddRange(page);
            if (page.Count < Page)
            {
                break;
            }
        }

        return all;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path.
        await Task.Yield();
        // A delay per round, not a PeriodicTimer: a clock that jumps (tests move a fake clock by years) ends one delay,
        // where a periodic timer would fire once for every period the jump skipped.
        try
        {
            while (true)
            {
                try
                {
                    await SampleAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSampleFailed(logger, e);
                }

                await Task.Delay(options.Value.PendingSampleInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the claimable work for the metrics; trying again")]
    private static partial void LogSampleFailed(ILogger logger, Exception e);
}
