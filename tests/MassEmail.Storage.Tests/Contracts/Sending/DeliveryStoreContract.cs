using MassEmail.Core;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// What every <see cref="IDeliveryStore"/> must do: an append-once snapshot, claims with a lease that
/// concurrent workers never share, outcomes only from the claim holder, and crashed claims turned UNKNOWN.
/// Invariant checked throughout: <c>ClaimedBy</c> and <c>LeaseUntil</c> are set exactly while a row is CLAIMED.
/// </summary>
public abstract class DeliveryStoreContract(StoreFixture fixture) : SendingContract(fixture)
{
    private static readonly DateTimeOffset Lease = TestData.Now().AddMinutes(5);

    [SkippableFact]
    public async Task AppendAsync_Rows_ListReturnsEveryFieldInIdOrder()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows =
        [
            SendingData.Row(send),
            SendingData.SkippedRow(send, SkipReason.NoEmail),
            SendingData.Row(send) with { Email = "Zoë.Ünïcødé@example.com", Attempts = 2, Error = "earlier", MessageId = "m-1" },
            SendingData.SkippedRow(send, SkipReason.QuotaExceeded),
        ];

        await Deliveries.AppendAsync(rows, Ct);

        Assert.Equal(rows, await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_RecordAlreadyInSend_KeepsStoredRowAndAddsNewOnes()
    {
        MassSend send = await InsertSendAsync();
        Delivery stored = SendingData.Row(send);
        await Deliveries.AppendAsync([stored], Ct);
        Delivery repeat = SendingData.SkippedRow(send, SkipReason.OptedOut) with { RecordId = stored.RecordId };
        Delivery added = SendingData.Row(send);

        await Deliveries.AppendAsync([repeat, added], Ct);
        await Deliveries.AppendAsync([stored, added], Ct);

        Assert.Equal([stored, added], await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_SameRecordTwiceInOneBatch_KeepsTheFirst()
    {
        MassSend send = await InsertSendAsync();
        Delivery first = SendingData.Row(send);

        await Deliveries.AppendAsync([first, SendingData.Row(send, first.RecordId)], Ct);

        Assert.Equal([first], await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_SameRecordInOtherSend_StoresBoth()
    {
        MassSend one = await InsertSendAsync();
        MassSend two = await InsertSendAsync(one.OrgId);
        Delivery a = SendingData.Row(one);
        Delivery b = SendingData.Row(two, a.RecordId);

        await Deliveries.AppendAsync([a, b], Ct);

        Assert.Equal([a], await ListAllAsync(one));
        Assert.Equal([b], await ListAllAsync(two));
    }

    [SkippableFact]
    public async Task AppendAsync_ConcurrentAppendsOfSameRecords_KeepOneRowPerRecord()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        MassSend send = await InsertSendAsync();
        string[] records = [.. Enumerable.Range(0, 30).Select(_ => Ids.New())];

        // Each writer has its own row ids, as two snapshot runners of one send would.
        await Race.RunAsync(4, _ => Deliveries.AppendAsync([.. records.Select(r => SendingData.Row(send, r))], Ct));

        List<Delivery> stored = await ListAllAsync(send);
        Assert.Equal(records.Order(StringComparer.Ordinal), stored.Select(d => d.RecordId).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task ClaimAsync_PendingRows_ClaimsAtMostLimitInIdOrderAndLeasesThem()
    {
        MassSend send = await InsertSendAsync();
        MassSend other = await InsertSendAsync(send.OrgId);
        List<Delivery> pending = SendingData.Rows(send, 5);
        await Deliveries.AppendAsync([pending[0], SendingData.SkippedRow(send, SkipReason.Duplicate), .. pending[1..]], Ct);
        await Deliveries.AppendAsync(SendingData.Rows(other, 3), Ct);

        IReadOnlyList<Delivery> first = await Deliveries.ClaimAsync(send.Id, "worker-a", 3, Lease, Ct);
        IReadOnlyList<Delivery> second = await Deliveries.ClaimAsync(send.Id, "worker-b", 3, Lease.AddMinutes(1), Ct);

        Assert.Equal([.. pending[..3].Select(d => Claimed(d, "worker-a", Lease))], first);
        Assert.Equal([.. pending[3..].Select(d => Claimed(d, "worker-b", Lease.AddMinutes(1)))], second);
        Assert.Empty(await Deliveries.ClaimAsync(send.Id, "worker-c", 3, Lease, Ct));
        Assert.Equal(first.Concat(second), await ListAllAsync(send, DeliveryState.Claimed));
        Assert.Equal(new DeliveryCounts(0, 5, 0, 0, 1, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
        Assert.Equal(new DeliveryCounts(3, 0, 0, 0, 0, 0), await Deliveries.CountAsync(other.OrgId, other.Id, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567", 5)]
    [InlineData("not-an-id", 5)]
    [InlineData(null, 0)]
    public async Task ClaimAsync_UnknownSendOrNoLimit_ClaimsNothing(string? sendId, int limit)
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 2), Ct);

        Assert.Empty(await Deliveries.ClaimAsync(sendId ?? send.Id, "worker-a", limit, Lease, Ct));
        Assert.Equal(2, (await Deliveries.CountAsync(send.OrgId, send.Id, Ct)).Pending);
    }

    [SkippableFact]
    public async Task ClaimAsync_ConcurrentWorkers_NeverClaimTheSameRow()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 120);
        await Deliveries.AppendAsync(rows, Ct);

        List<Delivery>[] claimedByWorker = await Race.RunAsync(4, async w =>
        {
            var mine = new List<Delivery>();
            while (await Deliveries.ClaimAsync(send.Id, $"worker-{w}", 7, Lease, Ct) is { Count: > 0 } batch)
            {
                Assert.True(batch.Count <= 7);
                Assert.All(batch, d => Assert.Equal($"worker-{w}", d.ClaimedBy));
                mine.AddRange(batch);
            }

            return mine;
        });

        List<Delivery> all = [.. claimedByWorker.SelectMany(c => c)];
        Assert.Equal(rows.Select(r => r.Id), all.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (Delivery stored in await ListAllAsync(send))
        {
            Assert.Equal(all.Single(d => d.Id == stored.Id), stored);
        }
    }

    [SkippableFact]
    public async Task CompleteAsync_RowsClaimedByWorker_StoresOutcomesAndEndsTheClaim()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 4), Ct);
        IReadOnlyList<Delivery> claimed = await Deliveries.ClaimAsync(send.Id, "worker-a", 4, Lease, Ct);
        DateTimeOffset at = TestData.Now().AddSeconds(5);
        DeliveryOutcome[] outcomes =
        [
            new(claimed[0].Id, DeliveryState.Sent, SkipReason.None, 1, "ses-0001", ""),
            new(claimed[1].Id, DeliveryState.Failed, SkipReason.None, 3, "", "MessageRejected: bad ✓"),
            new(claimed[2].Id, DeliveryState.Skipped, SkipReason.OptedOut, 0, "", ""),
            new(claimed[3].Id, DeliveryState.Unknown, SkipReason.None, 2, "", "timeout"),
        ];

        Assert.Equal(4, await Deliveries.CompleteAsync(send.Id, "worker-a", outcomes, at, Ct));

        Assert.Equal(
            [.. claimed.Zip(outcomes, (d, o) => d with
            {
                State = o.State,
                Skip = o.Skip,
                Attempts = o.Attempts,
                MessageId = o.MessageId,
                Error = o.Error,
                ClaimedBy = null,
                LeaseUntil = null,
                UpdatedAt = at,
            })],
            await ListAllAsync(send));
        Assert.Equal(new DeliveryCounts(0, 0, 1, 1, 1, 1), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task CompleteAsync_RowsNotClaimedByWorker_LeavesThemAsTheyAre()
    {
        MassSend send = await InsertSendAsync();
        MassSend other = await InsertSendAsync(send.OrgId);
        List<Delivery> rows = SendingData.Rows(send, 4);
        await Deliveries.AppendAsync(rows, Ct);
        await Deliveries.AppendAsync(SendingData.Rows(other, 1), Ct);
        IReadOnlyList<Delivery> mine = await Deliveries.ClaimAsync(send.Id, "worker-a", 2, Lease, Ct);
        IReadOnlyList<Delivery> theirs = await Deliveries.ClaimAsync(send.Id, "worker-b", 1, Lease, Ct);
        IReadOnlyList<Delivery> otherSends = await Deliveries.ClaimAsync(other.Id, "worker-a", 1, Lease, Ct);
        DateTimeOffset at = TestData.Now();
        Assert.Equal(1, await Deliveries.CompleteAsync(send.Id, "worker-a", [Sent(mine[0])], at, Ct));
        List<Delivery> before = await ListAllAsync(send);

        // Already completed, claimed by another worker, still pending, of another send, unknown or malformed id.
        var stored = await Deliveries.CompleteAsync(
            send.Id,
            "worker-a",
            [Sent(mine[0]) with { MessageId = "again" }, Sent(theirs[0]), Sent(rows[3]), Sent(otherSends[0]), Sent(mine[1]) with { DeliveryId = Ids.New() }, Sent(mine[1]) with { DeliveryId = "bad" }],
            at.AddSeconds(1),
            Ct);

        Assert.Equal(0, stored);
        Assert.Equal(before, await ListAllAsync(send));
        Assert.Equal(otherSends, await ListAllAsync(other));
        Assert.Equal(0, await Deliveries.CompleteAsync(send.Id, "worker-a", [], at, Ct));
    }

    [SkippableFact]
    public async Task ReleaseAsync_OwnClaimedRows_ReturnsThemToPendingAndClaimableAgain()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 5);
        await Deliveries.AppendAsync(rows, Ct);
        IReadOnlyList<Delivery> mine = await Deliveries.ClaimAsync(send.Id, "worker-a", 3, Lease, Ct);
        IReadOnlyList<Delivery> theirs = await Deliveries.ClaimAsync(send.Id, "worker-b", 1, Lease, Ct);

        var released = await Deliveries.ReleaseAsync(send.Id, "worker-a", [mine[0].Id, mine[2].Id, theirs[0].Id, rows[4].Id, "bad"], Ct);

        Assert.Equal(2, released);
        Assert.Equal([rows[0], Claimed(rows[1], "worker-a", Lease), rows[2], Claimed(rows[3], "worker-b", Lease), rows[4]], await ListAllAsync(send));
        Assert.Equal([rows[0].Id, rows[2].Id], (await Deliveries.ClaimAsync(send.Id, "worker-c", 2, Lease, Ct)).Select(d => d.Id));
        Assert.Equal(0, await Deliveries.ReleaseAsync(send.Id, "worker-a", [], Ct));
    }

    [SkippableFact]
    public async Task ExpireLeasesAsync_ExpiredClaimsOfAnySend_BecomeUnknownAndLiveOnesStay()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend one = await InsertSendAsync(store);
        MassSend two = await InsertSendAsync(store);
        List<Delivery> rowsOfTwo = SendingData.Rows(two, 2);
        await deliveries.AppendAsync([.. SendingData.Rows(one, 3), .. rowsOfTwo], Ct);
        DateTimeOffset now = TestData.Now();
        IReadOnlyList<Delivery> expired1 = await deliveries.ClaimAsync(one.Id, "crashed", 2, now.AddSeconds(-1), Ct);
        IReadOnlyList<Delivery> live = await deliveries.ClaimAsync(one.Id, "alive", 1, now.AddMinutes(1), Ct);
        IReadOnlyList<Delivery> expired2 = await deliveries.ClaimAsync(two.Id, "crashed", 1, now.AddMinutes(-5), Ct);

        Assert.Equal(3, await deliveries.ExpireLeasesAsync(now, Ct));

        Delivery Unknown(Delivery d) => d with { State = DeliveryState.Unknown, ClaimedBy = null, LeaseUntil = null, UpdatedAt = now };
        Assert.Equal([.. expired1.Select(Unknown), .. live], await ListAllAsync(deliveries, one));
        Assert.Equal([Unknown(expired2[0]), rowsOfTwo[1]], await ListAllAsync(deliveries, two));
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(now, Ct));

        // UNKNOWN is never claimed again by itself.
        Assert.Empty(await deliveries.ClaimAsync(one.Id, "alive", 5, now.AddMinutes(1), Ct));
        Assert.Equal(new DeliveryCounts(0, 1, 0, 0, 0, 2), await deliveries.CountAsync(one.OrgId, one.Id, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_EveryState_CountsEachOnceAndOnlyInItsOrg()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync([.. SendingData.Rows(send, 6), SendingData.SkippedRow(send, SkipReason.NoEmail)], Ct);
        IReadOnlyList<Delivery> claimed = await Deliveries.ClaimAsync(send.Id, "worker-a", 4, Lease, Ct);
        await Deliveries.CompleteAsync(send.Id, "worker-a", [Sent(claimed[0]), Sent(claimed[1]), Sent(claimed[2]) with { State = DeliveryState.Failed }], TestData.Now(), Ct);

        DeliveryCounts counts = await Deliveries.CountAsync(send.OrgId, send.Id, Ct);

        Assert.Equal(new DeliveryCounts(Pending: 2, Claimed: 1, Sent: 2, Failed: 1, Skipped: 1, Unknown: 0), counts);
        Assert.Equal(7, counts.Total);
        Assert.Equal(new DeliveryCounts(0, 0, 0, 0, 0, 0), await Deliveries.CountAsync(await NewOrgAsync(), send.Id, Ct));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, "not-an-id", Ct));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, (await InsertSendAsync(send.OrgId)).Id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_StateAndSkipReason_FiltersAndPagesInIdOrder()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows =
        [
            SendingData.Row(send),
            SendingData.SkippedRow(send, SkipReason.OptedOut),
            SendingData.SkippedRow(send, SkipReason.Duplicate),
            SendingData.Row(send),
            SendingData.SkippedRow(send, SkipReason.OptedOut),
            SendingData.SkippedRow(send, SkipReason.OptedOut),
            SendingData.Row(send),
        ];
        await Deliveries.AppendAsync(rows, Ct);

        IReadOnlyList<Delivery> page1 = await Deliveries.ListAsync(send.OrgId, send.Id, null, null, null, 3, Ct);
        IReadOnlyList<Delivery> page2 = await Deliveries.ListAsync(send.OrgId, send.Id, null, null, page1[^1].Id, 3, Ct);
        IReadOnlyList<Delivery> page3 = await Deliveries.ListAsync(send.OrgId, send.Id, null, null, page2[^1].Id, 3, Ct);

        Assert.Equal(rows[..3], page1);
        Assert.Equal(rows[3..6], page2);
        Assert.Equal(rows[6..], page3);
        Assert.Equal([rows[0], rows[3], rows[6]], await Deliveries.ListAsync(send.OrgId, send.Id, DeliveryState.Pending, null, null, 10, Ct));
        Assert.Equal([rows[1], rows[4]], await Deliveries.ListAsync(send.OrgId, send.Id, null, SkipReason.OptedOut, null, 2, Ct));
        Assert.Equal([rows[5]], await Deliveries.ListAsync(send.OrgId, send.Id, DeliveryState.Skipped, SkipReason.OptedOut, rows[4].Id, 10, Ct));
        Assert.Equal([rows[2]], await Deliveries.ListAsync(send.OrgId, send.Id, DeliveryState.Skipped, SkipReason.Duplicate, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, send.Id, DeliveryState.Sent, null, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, send.Id, DeliveryState.Pending, SkipReason.OptedOut, null, 10, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OtherOrgOrMalformedIds_ReturnsEmpty()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 2), Ct);

        Assert.Empty(await Deliveries.ListAsync(await NewOrgAsync(), send.Id, null, null, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, "not-an-id", null, null, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, send.Id, null, null, "not-an-id", 10, Ct));
    }

    [SkippableFact]
    public async Task RequeueUnknownAsync_UnknownRows_BecomePendingAndClaimableOnlyInTheirOrg()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 4), Ct);
        IReadOnlyList<Delivery> claimed = await Deliveries.ClaimAsync(send.Id, "worker-a", 3, Lease, Ct);
        await Deliveries.CompleteAsync(
            send.Id,
            "worker-a",
            [Sent(claimed[0]) with { State = DeliveryState.Unknown }, Sent(claimed[1]), Sent(claimed[2]) with { State = DeliveryState.Unknown }],
            TestData.Now(),
            Ct);

        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(await NewOrgAsync(), send.Id, Ct));
        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(send.OrgId, "not-an-id", Ct));
        Assert.Equal(new DeliveryCounts(1, 0, 1, 0, 0, 2), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));

        Assert.Equal(2, await Deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));

        Assert.Equal(new DeliveryCounts(3, 0, 1, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
        Assert.Equal(
            [claimed[0].Id, claimed[2].Id, (await ListAllAsync(send))[3].Id],
            (await Deliveries.ClaimAsync(send.Id, "worker-b", 10, Lease, Ct)).Select(d => d.Id));
        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));
    }

    private static Delivery Claimed(Delivery d, string worker, DateTimeOffset lease) =>
        d with { State = DeliveryState.Claimed, ClaimedBy = worker, LeaseUntil = lease };

    private static DeliveryOutcome Sent(Delivery d) => new(d.Id, DeliveryState.Sent, SkipReason.None, 1, $"ses-{d.Id}", "");

    private Task<List<Delivery>> ListAllAsync(MassSend send, DeliveryState? state = null) => ListAllAsync(Deliveries, send, state);

    private static async Task<List<Delivery>> ListAllAsync(IDeliveryStore deliveries, MassSend send, DeliveryState? state = null) =>
        [.. await deliveries.ListAsync(send.OrgId, send.Id, state, null, null, 10_000, Ct)];
}
