using System.Collections.Concurrent;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// <see cref="IDeliveryStore.CountAsync"/> agrees with the rows themselves after every kind of write,
/// including writes that change nothing (a repeated append, an outcome of a row that has one, a
/// release of a batch already released). Adapters may keep counts aside; this is what holds them honest.
/// </summary>
public abstract class DeliveryCountsContract(StoreFixture fixture) : SendingContract(fixture)
{
    [SkippableFact]
    public async Task CountAsync_AfterEveryKindOfWrite_EqualsARecountOfTheRows()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        MassSend other = await InsertSendAsync(store, send.OrgId);
        DateTimeOffset now = TestData.Now();
        List<Delivery> rows = [.. SendingData.Rows(send, 12), SendingData.SkippedRow(send, SkipReason.OptedOut)];

        await deliveries.AppendAsync([.. rows[..8], .. SendingData.Rows(other, 3)], 5, Ct);
        await AssertCountsAsync();
        await deliveries.AppendAsync([.. rows[6..], SendingData.Row(send) with { RecordId = rows[0].RecordId }], 5, Ct);
        await AssertCountsAsync();

        DeliveryBatch a = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", now.AddMinutes(5), Ct))!;
        DeliveryBatch crashed = (await deliveries.ClaimBatchAsync(send.Id, "crashed", now.AddSeconds(-1), Ct))!;
        await deliveries.ClaimBatchAsync(other.Id, "worker-a", now.AddMinutes(5), Ct);
        await AssertCountsAsync();

        await deliveries.CheckpointAsync(a, [Outcome(a.Rows[0], DeliveryState.Sent), Outcome(a.Rows[1], DeliveryState.Failed), Outcome(a.Rows[2], DeliveryState.Skipped)], a.Rows[4].Id, now, now.AddMinutes(5), Ct);
        await deliveries.CheckpointAsync(a, [Outcome(a.Rows[0], DeliveryState.Sent), Outcome(crashed.Rows[0], DeliveryState.Sent)], null, now, now.AddMinutes(5), Ct);
        await AssertCountsAsync();

        await deliveries.ReleaseAsync(a, [Outcome(a.Rows[3], DeliveryState.Unknown)], now, Ct);
        await deliveries.ReleaseAsync(crashed, [], now, Ct);
        await AssertCountsAsync();

        DeliveryBatch again = (await deliveries.ClaimBatchAsync(send.Id, "crashed", now.AddSeconds(-1), Ct))!;
        await deliveries.CheckpointAsync(again, [], again.Rows[^1].Id, now.AddSeconds(-2), now.AddSeconds(-1), Ct);
        await deliveries.ExpireLeasesAsync(now, Ct);
        await AssertCountsAsync();

        await deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct);
        await AssertCountsAsync();

        async Task AssertCountsAsync()
        {
            foreach (MassSend s in new[] { send, other })
            {
                List<Delivery> all = [.. await deliveries.ListAsync(s.OrgId, s.Id, null, null, null, 10_000, Ct)];
                long Of(DeliveryState state) => all.Count(d => d.State == state);
                var recount = new DeliveryCounts(Of(DeliveryState.Pending), Of(DeliveryState.Claimed), Of(DeliveryState.Sent), Of(DeliveryState.Failed),
                    Of(DeliveryState.Skipped), Of(DeliveryState.Unknown));
                // Rows of a held batch are PENDING rows that the counts show as CLAIMED (in a worker's hands).
                DeliveryCounts counts = await deliveries.CountAsync(s.OrgId, s.Id, Ct);
                Assert.Equal(recount, counts with { Pending = counts.Pending + counts.Claimed, Claimed = 0 });
            }
        }
    }

    [SkippableFact]
    public async Task CountAsync_AfterExpiryEmptyBatchAndRequeueIntoAHeldBatch_EqualsARecount()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        DateTimeOffset now = TestData.Now();
        List<Delivery> rows = SendingData.Rows(send, 9);
        await deliveries.AppendAsync(rows, 3, Ct);
        await deliveries.AppendAsync([SendingData.SkippedRow(send, SkipReason.OptedOut), SendingData.SkippedRow(send, SkipReason.NoEmail)], 3, Ct);
        await AssertCountsAsync(deliveries, send);

        // A worker dies with row 1 in flight: row 1 turns UNKNOWN at the expiry, row 2 is claimed again.
        DeliveryBatch dead = (await deliveries.ClaimBatchAsync(send.Id, "dead", now.AddSeconds(5), Ct))!;
        Assert.True(await deliveries.CheckpointAsync(dead, [Outcome(rows[0], DeliveryState.Sent)], rows[1].Id, now, now.AddSeconds(5), Ct));
        await AssertCountsAsync(deliveries, send);
        Assert.Equal(1, await deliveries.ExpireLeasesAsync(now.AddSeconds(10), Ct));
        await AssertCountsAsync(deliveries, send);
        DeliveryBatch rest = (await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(5), Ct))!;
        Assert.Equal([rows[2].Id], rest.Rows.Select(d => d.Id));
        Assert.True(await deliveries.ReleaseAsync(rest, [Outcome(rows[2], DeliveryState.Failed)], now, Ct));
        await AssertCountsAsync(deliveries, send);

        // Row 1 is requeued while another batch is held, and sent with its reopened batch.
        DeliveryBatch held = (await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(5), Ct))!;
        Assert.Equal(1, await deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));
        await AssertCountsAsync(deliveries, send);
        Assert.True(await deliveries.ReleaseAsync(held, [.. held.Rows.Select(d => Outcome(d, DeliveryState.Sent))], now, Ct));
        await AssertCountsAsync(deliveries, send);
        DeliveryBatch reopened = (await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(5), Ct))!;
        Assert.Equal([rows[1].Id], reopened.Rows.Select(d => d.Id));
        Assert.True(await deliveries.ReleaseAsync(reopened, [Outcome(rows[1], DeliveryState.Skipped)], now, Ct));
        await AssertCountsAsync(deliveries, send);

        // A dead worker's batch whose every row has an outcome: expired, then closed by the next claim.
        DeliveryBatch last = (await deliveries.ClaimBatchAsync(send.Id, "dead", now.AddSeconds(5), Ct))!;
        Assert.True(await deliveries.CheckpointAsync(last, [.. last.Rows.Select(d => Outcome(d, DeliveryState.Sent))], last.Rows[^1].Id, now, now.AddSeconds(5), Ct));
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(now.AddSeconds(10), Ct));
        await AssertCountsAsync(deliveries, send);
        Assert.Null(await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(5), Ct));
        Assert.Equal(new DeliveryCounts(0, 0, 7, 1, 3, 0), await deliveries.CountAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_WorkersAndRequeuesRacing_EqualsARecountOnceQuiet()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 60);
        await deliveries.AppendAsync(rows, 4, Ct);
        var visits = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        // Every third row turns UNKNOWN on its first visit; the requeues race the workers' claims and releases.
        await Race.RunAsync(4, async w =>
        {
            if (w == 0)
            {
                for (var i = 0; i < 5; i++)
                {
                    await deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct);
                }

                return;
            }

            while (await deliveries.ClaimBatchAsync(send.Id, $"worker-{w}", Lease(), Ct) is { } batch)
            {
                List<DeliveryOutcome> outcomes =
                [
                    .. batch.Rows.Select(d => Outcome(d, visits.AddOrUpdate(d.Id, 1, (_, n) => n + 1) == 1 && rows.FindIndex(r => r.Id == d.Id) % 3 == 0
                        ? DeliveryState.Unknown : DeliveryState.Sent)),
                ];
                await deliveries.ReleaseAsync(batch, outcomes, TestData.Now(), Ct);
            }
        });

        await AssertCountsAsync(deliveries, send);
        Assert.Equal(0, (await deliveries.CountAsync(send.OrgId, send.Id, Ct)).Claimed);

        static DateTimeOffset Lease() => TestData.Now().AddMinutes(5);
    }

    /// <summary>The counts agree with the rows themselves (the rows of a held batch are PENDING rows counted as CLAIMED).</summary>
    private static async Task AssertCountsAsync(IDeliveryStore deliveries, MassSend s)
    {
        List<Delivery> all = [.. await deliveries.ListAsync(s.OrgId, s.Id, null, null, null, 10_000, Ct)];
        long Of(DeliveryState state) => all.Count(d => d.State == state);
        var recount = new DeliveryCounts(Of(DeliveryState.Pending), Of(DeliveryState.Claimed), Of(DeliveryState.Sent), Of(DeliveryState.Failed),
            Of(DeliveryState.Skipped), Of(DeliveryState.Unknown));
        DeliveryCounts counts = await deliveries.CountAsync(s.OrgId, s.Id, Ct);
        Assert.Equal(recount, counts with { Pending = counts.Pending + counts.Claimed, Claimed = 0 });
    }

    private static DeliveryOutcome Outcome(Delivery d, DeliveryState state) =>
        new(d.Id, state, state == DeliveryState.Skipped ? SkipReason.OptedOut : SkipReason.None, 1, "", "");
}
