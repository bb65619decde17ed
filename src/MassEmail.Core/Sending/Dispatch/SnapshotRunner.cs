using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Writes a queued send's audience snapshot: one delivery row per record, skips included, in
/// batches with flat memory. Safe to re-run after a crash: existing rows are kept, and sending
/// starts only once the snapshot is complete. Grows the quota reservation if the audience grew
/// since the start; what does not fit is skipped as QUOTA_EXCEEDED.
/// </summary>
public sealed class SnapshotRunner(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    IQuotaStore quotas,
    QuotaPolicy policy,
    AudienceService audiences,
    IAudienceStore audienceStore,
    IOrganisationStore organisations,
    TimeProvider time)
{
    public const int BatchSize = 1000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>Snapshots one queued send if there is one; false when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(string worker, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        var send = await sends.ClaimSnapshotAsync(worker, now, now + Lease, ct);
        if (send is null)
        {
            return false;
        }

        var org = await organisations.GetAsync(send.OrgId, ct);
        var limit = org is null ? 0 : policy.BulkLimit(org);
        var system = new Caller(send.OrgId, send.CreatedByUserId, "snapshot", Permission.All);
        var query = await audiences.ResolveAsync(system, send.Module, AudienceJson.Deserialize(send.AudienceJson), ct);
        var reserved = send.Reserved;
        long eligible = 0;
        var batch = new List<Delivery>(BatchSize);
        await foreach (var member in audienceStore.StreamAsync(query, ct))
        {
            var skip = member.Skip;
            if (skip == SkipReason.None && eligible >= reserved)
            {
                var more = await quotas.TryReserveAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, BatchSize, limit, ct);
                var single = more.Granted ? more : await quotas.TryReserveAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, 1, limit, ct);
                reserved += more.Granted ? BatchSize : single.Granted ? 1 : 0;
                skip = eligible < reserved ? skip : SkipReason.QuotaExceeded;
            }

            eligible += skip == SkipReason.None ? 1 : 0;
            batch.Add(new Delivery(Ids.New(time), send.OrgId, send.Id, member.RecordId, member.EmailNormalized.Length > 0 ? member.EmailNormalized : member.Email,
                skip == SkipReason.None ? DeliveryState.Pending : DeliveryState.Skipped, skip, 0, null, null, "", "", now));
            if (batch.Count == BatchSize)
            {
                await deliveries.AppendAsync(batch, ct);
                batch.Clear();
            }
        }

        await deliveries.AppendAsync(batch, ct);
        if (reserved > eligible)
        {
            await quotas.ReleaseAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, reserved - eligible, ct);
        }

        await FinishAsync(send, eligible, ct);
        return true;
    }

    private async Task FinishAsync(MassSend send, long reserved, CancellationToken ct)
    {
        var current = send;
        while (true)
        {
            var done = current.SnapshotDone(time.GetUtcNowMs(), reserved);
            if (await sends.ReplaceAsync(done, current.Version, ct) == WriteOutcome.Done)
            {
                return;
            }

            // Paused or cancelled meanwhile: apply the snapshot to the new state.
            current = await sends.GetAsync(send.OrgId, send.Id, ct) ?? throw new InvalidOperationException($"send {send.Id} vanished");
        }
    }
}
