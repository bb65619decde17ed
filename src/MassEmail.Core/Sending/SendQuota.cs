namespace MassEmail.Core.Sending;

/// <summary>
/// The bulk quota of mass sends, kept in one place: reserved at start for the eligible audience (and by the snapshot
/// when the audience grew since), given back for what the reservation over-counted (duplicates, a lost idempotency
/// race), and once the send is completed or cancelled the unused rest is given back (<see cref="QuotaSettlement"/>), so
/// the day's counter holds what may have left.
/// </summary>
public sealed class SendQuota(IQuotaStore quotas)
{
    /// <summary>Adds <paramref name="amount"/> to the organisation's bulk counter of <paramref name="day"/> if it stays within <paramref name="limit"/>.</summary>
    public Task<(bool Granted, long Used)> ReserveAsync(string orgId, DateOnly day, long amount, long limit, CancellationToken ct) =>
        quotas.TryReserveAsync(orgId, QuotaPolicy.BulkCounter, day, amount, limit, ct);

    /// <summary>Gives back part of a reservation (nothing when <paramref name="amount"/> is not positive).</summary>
    public Task GiveBackAsync(string orgId, DateOnly day, long amount, CancellationToken ct) =>
        amount > 0 ? quotas.ReleaseAsync(orgId, QuotaPolicy.BulkCounter, day, amount, ct) : Task.CompletedTask;

    /// <summary>
    /// For a completed or cancelled send: quota counts mail that may have left (sent and unknown); the rest of the send's
    /// reservation is given back, once, under the send's id (<see cref="IQuotaStore.ReleaseUpToAsync"/>), so that calling
    /// it again after a crash, or from two instances, gives back nothing more. Returns what this call gave back.
    /// </summary>
    public Task<long> SettleAsync(MassSend send, DeliveryCounts counts, CancellationToken ct) =>
        quotas.ReleaseUpToAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, send.Id, Math.Max(0, send.Reserved - counts.Sent - counts.Unknown), ct);
}
