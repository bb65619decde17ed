using MassEmail.Core.Email;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Writes a queued send's audience snapshot: one delivery row per record, skips included, in
/// batches with flat memory. Safe to re-run after a crash: existing rows are kept, and sending
/// starts with the first batch of rows (the send turns SENDING) while the rest is written, and the
/// send completes only once the snapshot is complete. Grows the quota reservation if the audience grew
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
    ISuppressionStore suppressions,
    IOptions<SendingOptions> options,
    TimeProvider time)
{
    public const int BatchSize = 1000;

    /// <summary>Snapshots one queued send if there is one; false when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(string worker, CancellationToken ct)
    {
        // The lease names this claim, not just the worker: two claims of one process share the worker name.
        worker = $"{worker}#{Ids.New()[^6..]}";
        var now = time.GetUtcNowMs();
        var lease = options.Value.LeaseDuration;
        var send = await sends.ClaimSnapshotAsync(worker, now, now + lease, ct);
        if (send is null)
        {
            return false;
        }

        using var span = SendingTelemetry.StartSnapshot(send);
        var org = await organisations.GetAsync(send.OrgId, ct);
        var limit = org is null ? 0 : policy.BulkLimit(org);
        var system = new Caller(send.OrgId, send.CreatedByUserId, "snapshot", Permission.All);
        var query = await audiences.ResolveAsync(system, send.Module, AudienceJson.Deserialize(send.AudienceJson), ct);
        var reserved = send.Reserved;
        long eligible = 0;
        var batch = new List<Delivery>(BatchSize);
        await foreach (var member in SuppressedMembers.MarkAsync(audienceStore.StreamAsync(query, ct), suppressions, send.OrgId, ct))
        {
            var (skip, detail) = CheckAddress(member);
            if (skip == SkipReason.None && eligible >= reserved)
            {
                var more = await quotas.TryReserveAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, BatchSize, limit, ct);
                var single = more.Granted ? more : await quotas.TryReserveAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, 1, limit, ct);
                reserved += more.Granted ? BatchSize : single.Granted ? 1 : 0;
                skip = eligible < reserved ? skip : SkipReason.QuotaExceeded;
            }

            eligible += skip == SkipReason.None ? 1 : 0;
            batch.Add(new Delivery(Ids.New(time), send.OrgId, send.Id, member.RecordId, member.EmailNormalized.Length > 0 ? member.EmailNormalized : member.Email,
                skip == SkipReason.None ? DeliveryState.Pending : DeliveryState.Skipped, skip, 0, null, null, "", detail, now));
            if (batch.Count == BatchSize)
            {
                await deliveries.AppendAsync(batch, options.Value.BatchSize, ct);
                SendingTelemetry.SnapshotWritten(batch);
                batch.Clear();
                send = await RenewAsync(send, worker, lease, send.State == SendState.Queued, ct);
                if (send is null)
                {
                    return true;
                }
            }
        }

        await deliveries.AppendAsync(batch, options.Value.BatchSize, ct);
        SendingTelemetry.SnapshotWritten(batch);
        if (reserved > eligible)
        {
            await quotas.ReleaseAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, reserved - eligible, ct);
        }

        await FinishAsync(send, worker, eligible, ct);
        return true;
    }

    /// <summary>
    /// The store's skip reason, with the address checked again by the parser: a record an earlier build stored as
    /// valid may have an address the parser refuses now (an invisible character the IDNA mapping dropped), and it
    /// must not be mailed. A row skipped for an invalid address carries the reason.
    /// </summary>
    private static (SkipReason Skip, string Detail) CheckAddress(AudienceMember member)
    {
        if (member.Skip == SkipReason.NoEmail)
        {
            return (member.Skip, "");
        }

        var valid = EmailAddressParser.TryNormalize(member.Email, out _, out var error);
        return member.Skip == SkipReason.InvalidEmail ? (member.Skip, member.EmailInvalidReason.Length > 0 ? member.EmailInvalidReason : error)
            : valid ? (member.Skip, "")
            : (SkipReason.InvalidEmail, error);
    }

    /// <summary>
    /// Extends the snapshot lease when half of it is used (or at once when <paramref name="force"/>), so a short
    /// lease (quick take-over after a crash) still covers a long snapshot; a queued send starts sending the
    /// rows written so far. Null when another worker has taken the snapshot over.
    /// </summary>
    private async Task<MassSend?> RenewAsync(MassSend send, string worker, TimeSpan lease, bool force, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        if (!force && send.SnapshotLeaseUntil is { } until && until - now > lease / 2)
        {
            return send;
        }

        var current = send;
        while (true)
        {
            var renewed = current.SnapshotStarted(now) with { SnapshotLeaseUntil = now + lease, Version = current.Version + 1 };
            if (await sends.ReplaceAsync(renewed, current.Version, ct) == WriteOutcome.Done)
            {
                return renewed;
            }

            // Paused or cancelled meanwhile (keep going), or taken over by another worker (stop).
            current = await sends.GetAsync(send.OrgId, send.Id, ct);
            if (current is null || current.SnapshotComplete || current.SnapshotOwner != worker)
            {
                return null;
            }
        }
    }

    private async Task FinishAsync(MassSend send, string worker, long reserved, CancellationToken ct)
    {
        var current = send;
        while (true)
        {
            var done = current.SnapshotDone(time.GetUtcNowMs(), reserved);
            if (await sends.ReplaceAsync(done, current.Version, ct) == WriteOutcome.Done)
            {
                return;
            }

            // Paused or cancelled meanwhile: apply the snapshot to the new state, unless another worker took over.
            current = await sends.GetAsync(send.OrgId, send.Id, ct);
            if (current is null || current.SnapshotComplete || current.SnapshotOwner != worker)
            {
                return;
            }
        }
    }
}
