using MassEmail.Core.Templates;

namespace MassEmail.Core.Sending;

/// <summary>
/// Gives back the unused part of a completed or cancelled send's bulk reservation, crash-safe in two writes: first the
/// quota store's release under the send's id (<see cref="SendQuota.SettleAsync"/>: a repeat gives back nothing more),
/// then the send's <see cref="MassSend.QuotaSettled"/> flag (compare-and-set on its version). A crash before the first
/// write leaves the send unsettled and nothing given back; between the two, given back once and unsettled, and settling
/// it again only sets the flag. The dispatcher settles a send right after completing it; the settlement pass
/// (<see cref="Dispatch.QuotaSettlementWork"/>) settles the sends a crash left unsettled and the cancelled ones.
/// </summary>
public sealed class QuotaSettlement(IMassSendStore sends, IDeliveryStore deliveries, SendQuota quota, TimeProvider time)
{
    /// <summary>
    /// Settles <paramref name="send"/> (as read from the store) if it is final, unsettled and ready; returns whether it is
    /// settled now (by this call). A cancelled send is ready once nothing of it can still leave: no batch held by a worker
    /// (a batch claimed before the cancel runs to its end) and no snapshot writing (its lease ended). False when it is not
    /// ready yet, or another writer moved the send meanwhile (a later pass settles it).
    /// </summary>
    public async Task<bool> SettleAsync(MassSend send, CancellationToken ct)
    {
        if (!send.IsFinal || send.QuotaSettled || !SnapshotStopped(send))
        {
            return false;
        }

        var counts = await deliveries.CountAsync(send.OrgId, send.Id, ct);
        if (counts.Claimed > 0)
        {
            return false;
        }

        await quota.SettleAsync(send, counts, ct);
        return await sends.ReplaceAsync(send.Settled(time.GetUtcNowMs()), send.Version, ct) == WriteOutcome.Done;
    }

    /// <summary>Whether the send's snapshot can no longer reserve or give back quota: written, never started, or its writer gone.</summary>
    private bool SnapshotStopped(MassSend send) =>
        send.SnapshotComplete || send.SnapshotLeaseUntil is not { } until || until < time.GetUtcNowMs();
}
