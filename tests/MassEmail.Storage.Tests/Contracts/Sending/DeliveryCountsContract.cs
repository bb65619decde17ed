using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;

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

    private static DeliveryOutcome Outcome(Delivery d, DeliveryState state) =>
        new(d.Id, state, state == DeliveryState.Skipped ? SkipReason.OptedOut : SkipReason.None, 1, "", "");
}
