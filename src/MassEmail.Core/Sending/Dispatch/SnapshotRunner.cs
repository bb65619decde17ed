using System.Globalization;
using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Core.Work;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Writes a queued send's audience snapshot: one delivery row per record, skips included, in
/// batches with flat memory. Safe to re-run after a crash: existing rows are kept, and sending
/// starts with the first batch of rows (the send turns SENDING) while the rest is written, and the
/// send completes only once the snapshot is complete. Grows the quota reservation if the audience grew
/// since the start, keeping each growth on the send at once; what does not fit is skipped as QUOTA_EXCEEDED.
/// </summary>
public sealed class SnapshotRunner(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    SendQuota quota,
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
        var send = await ClaimAsync(worker, ct);
        if (send is not null)
        {
            await RunAsync(send, ct);
        }

        return send is not null;
    }

    /// <summary>
    /// Leases the snapshot of a queued send (or of one whose snapshot worker stopped) to a claim of
    /// <paramref name="worker"/>; null when there is none.
    /// </summary>
    public async Task<MassSend?> ClaimAsync(string worker, CancellationToken ct)
    {
        // The lease names this claim, not just the worker: two claims of one process share the worker name.
        var now = time.GetUtcNowMs();
        return await sends.ClaimSnapshotAsync($"{worker}#{Ids.New()[^6..]}", now, now + options.Value.LeaseDuration, ct);
    }

    /// <summary>
    /// Writes the snapshot of a send claimed by <see cref="ClaimAsync"/>. The lease is renewed on a timer while the
    /// snapshot runs (<see cref="LeaseKeeper"/>), so one slow append never lets another worker take it over; when a
    /// renewal finds the snapshot taken over, this one stops writing.
    /// </summary>
    public async Task RunAsync(MassSend claimed, CancellationToken ct)
    {
        var worker = claimed.SnapshotOwner ?? throw new ArgumentException("the send's snapshot is not claimed", nameof(claimed));
        var lease = options.Value.LeaseDuration;
        var now = time.GetUtcNowMs();
        using var leased = new LeasedSend(claimed);
        await using var keeper = LeaseKeeper.Start(lease, time, token => leased.RenewAsync(send => RenewAsync(send, worker, lease, false, token), token));
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(ct, keeper.Lost);
        try
        {
            await WriteAsync(claimed, leased, worker, lease, now, writing.Token, ct);
        }
        catch (OperationCanceledException) when (keeper.IsLost && !ct.IsCancellationRequested)
        {
            // Taken over by another worker: it writes the rest (existing rows are kept).
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease is kept, so the next claim tries again once it ends; until then the send says why (the loop logs it).
            var reason = string.Create(
                CultureInfo.InvariantCulture,
                $"Writing the audience snapshot failed at {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC and is tried again within {lease.TotalSeconds:0} s: {InputText.Quote(e.Message, 200)}");
            try
            {
                await leased.RenewAsync(send => FailedAsync(send, worker, reason), CancellationToken.None);
            }
            catch (Exception)
            {
                // The store that failed the snapshot may refuse this write too: the loop's log has the reason.
            }

            throw;
        }
    }

    /// <summary>Keeps <paramref name="reason"/> on the send while this worker still holds its snapshot; null: nothing more to renew.</summary>
    private async Task<MassSend?> FailedAsync(MassSend send, string worker, string reason)
    {
        await sends.ChangeAsync(send, send.OrgId, send.Id, current => Holds(current, worker) ? current.SnapshotFailed(reason) : null, 3, CancellationToken.None);
        return null;
    }

    /// <summary>True while <paramref name="worker"/> still holds the snapshot of <paramref name="send"/> and has not finished it.</summary>
    private static bool Holds(MassSend send, string worker) => !send.SnapshotComplete && send.SnapshotOwner == worker;

    private async Task WriteAsync(MassSend send, LeasedSend leased, string worker, TimeSpan lease, DateTimeOffset now, CancellationToken writing, CancellationToken ct)
    {
        using var span = SendingTelemetry.StartSnapshot(send);
        var org = await organisations.GetAsync(send.OrgId, ct);
        var limit = org is null ? 0 : policy.BulkLimit(org);
        var system = new Caller(send.OrgId, send.CreatedByUserId, "snapshot", Permission.All);
        var query = await audiences.ResolveAsync(system, send.Module, AudienceJson.Deserialize(send.AudienceJson), ct);
        var reserved = send.Reserved;
        long eligible = 0;
        var batch = new List<Delivery>(BatchSize);
        await foreach (var member in SuppressedMembers.MarkAsync(audienceStore.StreamAsync(query, writing), suppressions, send.OrgId, writing))
        {
            var (skip, detail) = CheckAddress(member);
            if (skip == SkipReason.None && eligible >= reserved)
            {
                var more = await quota.ReserveAsync(send.OrgId, send.QuotaDay, BatchSize, limit, ct);
                var single = more.Granted ? more : await quota.ReserveAsync(send.OrgId, send.QuotaDay, 1, limit, ct);
                var grown = more.Granted ? BatchSize : single.Granted ? 1 : 0;
                if (grown > 0 && !await KeepReservedAsync(leased, worker, reserved + grown, ct))
                {
                    // Taken over before the send kept this growth: the worker that holds the snapshot now counts from the
                    // send as stored, so nobody else will give it back.
                    await quota.GiveBackAsync(send.OrgId, send.QuotaDay, grown, CancellationToken.None);
                    return;
                }

                reserved += grown;
                skip = eligible < reserved ? skip : SkipReason.QuotaExceeded;
            }

            eligible += skip == SkipReason.None ? 1 : 0;
            batch.Add(new Delivery(Ids.New(time), send.OrgId, send.Id, member.RecordId, member.EmailNormalized.Length > 0 ? member.EmailNormalized : member.Email,
                skip == SkipReason.None ? DeliveryState.Pending : DeliveryState.Skipped, skip, 0, null, null, "", detail, now));
            if (batch.Count == BatchSize)
            {
                await deliveries.AppendAsync(batch, options.Value.BatchSize, writing);
                SendingTelemetry.SnapshotWritten(batch);
                batch.Clear();

                // A queued send starts sending the rows written so far (the keeper renews the lease meanwhile).
                if (!await leased.RenewAsync(current => current.State == SendState.Queued ? RenewAsync(current, worker, lease, true, ct) : Task.FromResult<MassSend?>(current), ct))
                {
                    return;
                }
            }
        }

        await deliveries.AppendAsync(batch, options.Value.BatchSize, writing);
        SendingTelemetry.SnapshotWritten(batch);
        // Duplicates (and records that turned ineligible since the start) give their share back. The send keeps the
        // smaller reservation first, as it keeps a growth: a worker that writes the snapshot again (after a crash here, or
        // a lost lease) counts from what the send says, and a crash between the two writes over-counts, never under.
        if (reserved > eligible)
        {
            if (!await KeepReservedAsync(leased, worker, eligible, ct))
            {
                return;
            }

            await quota.GiveBackAsync(send.OrgId, send.QuotaDay, reserved - eligible, CancellationToken.None);
        }

        // The snapshot's last write: the keeper has nothing more to renew.
        await leased.RenewAsync(
            async current =>
            {
                await FinishAsync(current, worker, eligible, ct);
                return null;
            },
            ct);
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

        var valid = EmailAddressParser.IsValid(member.Email, out var error);
        return member.Skip == SkipReason.InvalidEmail ? (member.Skip, member.EmailInvalidReason.Length > 0 ? member.EmailInvalidReason : error)
            : valid ? (member.Skip, "")
            : (SkipReason.InvalidEmail, error);
    }

    /// <summary>
    /// Keeps the reservation on the send while this worker holds the snapshot, on the safe side of the counter's change:
    /// a growth right after the counter took it, a shrinkage before the counter gives it back. A worker that writes the
    /// snapshot again after a crash starts from it, so it neither reserves a growth nor gives a shrinkage back a second
    /// time (a crash between the two writes over-counts that one change). False when another worker has taken the
    /// snapshot over: it counts from the send as stored.
    /// </summary>
    private Task<bool> KeepReservedAsync(LeasedSend leased, string worker, long reserved, CancellationToken ct) =>
        leased.RenewAsync(
            current => sends.ChangeAsync(
                current, current.OrgId, current.Id, c => Holds(c, worker) ? c with { Reserved = reserved, Version = c.Version + 1 } : null, int.MaxValue, ct),
            ct);

    /// <summary>
    /// Extends the snapshot lease; with <paramref name="start"/>, a queued send also starts sending the rows written so
    /// far. Null when another worker has taken the snapshot over.
    /// </summary>
    /// <remarks>
    /// A send paused or cancelled meanwhile is renewed as it is now (writing goes on); one taken over by another worker
    /// is not. Tried until it is written or lost, however often the send changes meanwhile.
    /// </remarks>
    private Task<MassSend?> RenewAsync(MassSend send, string worker, TimeSpan lease, bool start, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        return sends.ChangeAsync(
            send,
            send.OrgId,
            send.Id,
            current => Holds(current, worker)
                ? (start ? current.SnapshotStarted(now) : current) with { SnapshotLeaseUntil = now + lease, Version = current.Version + 1, SnapshotError = "" }
                : null,
            int.MaxValue,
            ct);
    }

    /// <summary>The snapshot done, applied to the send as it is now (paused or cancelled meanwhile), unless another worker took it over.</summary>
    private Task FinishAsync(MassSend send, string worker, long reserved, CancellationToken ct) =>
        sends.ChangeAsync(send, send.OrgId, send.Id, current => Holds(current, worker) ? current.SnapshotDone(time.GetUtcNowMs(), reserved) : null, int.MaxValue, ct);

    /// <summary>
    /// The claimed send as this snapshot last wrote it, shared by the lease keeper and the writer, which write it one
    /// at a time (each write expects the version the other wrote).
    /// </summary>
    private sealed class LeasedSend(MassSend send) : IDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private MassSend? current = send;

        /// <summary>Applies <paramref name="write"/> (null result: lost or finished); false once there is nothing more to write.</summary>
        public async Task<bool> RenewAsync(Func<MassSend, Task<MassSend?>> write, CancellationToken ct)
        {
            await gate.WaitAsync(ct);
            try
            {
                current = current is null ? null : await write(current);
                return current is not null;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose() => gate.Dispose();
    }
}
