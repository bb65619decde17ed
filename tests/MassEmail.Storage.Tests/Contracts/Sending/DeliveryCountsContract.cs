using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// <see cref="IDeliveryStore.CountAsync"/> agrees with the rows themselves after every kind of write,
/// including writes that change nothing (a repeated append, a completion by the wrong worker, a
/// release of rows that are not claimed). Adapters may keep counts aside; this is what holds them honest.
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

        await deliveries.AppendAsync([.. rows[..8], .. SendingData.Rows(other, 3)], Ct);
        await AssertCountsAsync();
        await deliveries.AppendAsync([.. rows[6..], SendingData.Row(send) with { RecordId = rows[0].RecordId }], Ct);
        await AssertCountsAsync();

        IReadOnlyList<Delivery> a = await deliveries.ClaimAsync(send.Id, "worker-a", 5, now.AddMinutes(5), Ct);
        IReadOnlyList<Delivery> crashed = await deliveries.ClaimAsync(send.Id, "crashed", 3, now.AddSeconds(-1), Ct);
        await deliveries.ClaimAsync(other.Id, "worker-a", 2, now.AddMinutes(5), Ct);
        await AssertCountsAsync();

        await deliveries.CompleteAsync(send.Id, "worker-a", [Outcome(a[0], DeliveryState.Sent), Outcome(a[1], DeliveryState.Failed), Outcome(a[2], DeliveryState.Skipped)], now, Ct);
        await deliveries.CompleteAsync(send.Id, "worker-a", [Outcome(a[0], DeliveryState.Sent), Outcome(crashed[0], DeliveryState.Sent)], now, Ct);
        await AssertCountsAsync();

        await deliveries.ReleaseAsync(send.Id, "worker-a", [a[3].Id, a[0].Id, crashed[1].Id], Ct);
        await AssertCountsAsync();

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
                Assert.Equal(recount, await deliveries.CountAsync(s.OrgId, s.Id, Ct));
            }
        }
    }

    private static DeliveryOutcome Outcome(Delivery d, DeliveryState state) =>
        new(d.Id, state, state == DeliveryState.Skipped ? SkipReason.OptedOut : SkipReason.None, 1, "", "");
}
