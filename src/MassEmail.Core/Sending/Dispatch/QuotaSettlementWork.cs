using MassEmail.Core.Work;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The settlement pass as background work: at most once per poll interval, the completed and cancelled sends whose quota
/// is not settled (<see cref="IMassSendStore.ListUnsettledAsync"/>) are settled (<see cref="QuotaSettlement"/>): the ones
/// a crash left between their final write and their settlement, and cancelled sends once nothing of theirs can still
/// leave. Unlike other work it takes no lease: settling is idempotent, so two instances settling one send give back once.
/// </summary>
public sealed class QuotaSettlementWork(IMassSendStore sends, QuotaSettlement settlement, IOptions<SendingOptions> options, TimeProvider time) : IWorkSource
{
    /// <summary>Unsettled sends one pass looks at (oldest first); the next pass takes the rest.</summary>
    public const int SendsPerPass = 100;

    private long lastPass;

    public string Name => "send-settlements";

    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
    {
        if (lastPass != 0 && time.GetElapsedTime(lastPass) < options.Value.PollInterval)
        {
            return null;
        }

        lastPass = time.GetTimestamp();
        var unsettled = await sends.ListUnsettledAsync(SendsPerPass, ct);
        return unsettled.Count == 0 ? null : new Pass(settlement, unsettled);
    }

    private sealed class Pass(QuotaSettlement settlement, IReadOnlyList<MassSend> unsettled) : IWorkUnit
    {
        public async Task RunAsync(CancellationToken stop)
        {
            foreach (var send in unsettled)
            {
                stop.ThrowIfCancellationRequested();
                await settlement.SettleAsync(send, stop);
            }
        }
    }
}
