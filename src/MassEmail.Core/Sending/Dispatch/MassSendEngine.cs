using MassEmail.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The mass send engine of one instance, two <see cref="WorkLoop"/>s side by side so that a send's first rows go out
/// while the rest of its audience is still being written: snapshots (one lane) and batches
/// (<see cref="SendingOptions.BatchesInFlight"/> lanes, each sending one batch of <see cref="SendingOptions.BatchSize"/>
/// rows at most <see cref="SendingOptions.Concurrency"/> calls at a time). Several instances can run on one store:
/// claims and leases keep them from doing the same work twice. A third loop settles the quota of completed and cancelled
/// sends that a crash or a cancel left unsettled (<see cref="QuotaSettlementWork"/>). The host only starts it.
/// </summary>
public sealed class MassSendEngine(
    SnapshotWork snapshots, SendBatchWork batches, QuotaSettlementWork settlements, IOptions<SendingOptions> options, TimeProvider time, ILogger<MassSendEngine> logger)
{
    /// <summary>Runs until <paramref name="stop"/> is cancelled and the running units have handed back what they did not start.</summary>
    public Task RunAsync(string worker, CancellationToken stop)
    {
        var o = options.Value;
        return Task.WhenAll(
            new WorkLoop(snapshots, 1, o.PollInterval, time, logger).RunAsync(worker, stop),
            new WorkLoop(batches, o.BatchesInFlight, o.PollInterval, time, logger).RunAsync(worker, stop),
            new WorkLoop(settlements, 1, o.PollInterval, time, logger).RunAsync(worker, stop));
    }
}
