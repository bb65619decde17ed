using MassEmail.Core;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// What every <see cref="IDeliveryStore"/> must do: an append-once snapshot with its batches, batch claims with a
/// lease that concurrent workers never share, a fence (a lost claim cannot renew or mark), outcomes only for rows
/// still PENDING, and after a crash UNKNOWN only for rows up to the batch's in-flight mark.
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

        await Deliveries.AppendAsync(rows, 50, Ct);

        Assert.Equal(rows, await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_RecordAlreadyInSend_KeepsStoredRowAndAddsNewOnes()
    {
        MassSend send = await InsertSendAsync();
        Delivery stored = SendingData.Row(send);
        await Deliveries.AppendAsync([stored], 50, Ct);
        Delivery repeat = SendingData.SkippedRow(send, SkipReason.OptedOut) with { RecordId = stored.RecordId };
        Delivery added = SendingData.Row(send);

        await Deliveries.AppendAsync([repeat, added], 50, Ct);
        await Deliveries.AppendAsync([stored, added], 50, Ct);

        Assert.Equal([stored, added], await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_SameRecordTwiceInOneBatch_KeepsTheFirst()
    {
        MassSend send = await InsertSendAsync();
        Delivery first = SendingData.Row(send);

        await Deliveries.AppendAsync([first, SendingData.Row(send, first.RecordId)], 50, Ct);

        Assert.Equal([first], await ListAllAsync(send));
    }

    [SkippableFact]
    public async Task AppendAsync_SameRecordInOtherSend_StoresBoth()
    {
        MassSend one = await InsertSendAsync();
        MassSend two = await InsertSendAsync(one.OrgId);
        Delivery a = SendingData.Row(one);
        Delivery b = SendingData.Row(two, a.RecordId);

        await Deliveries.AppendAsync([a, b], 50, Ct);

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
        await Race.RunAsync(4, _ => Deliveries.AppendAsync([.. records.Select(r => SendingData.Row(send, r))], 50, Ct));

        List<Delivery> stored = await ListAllAsync(send);
        Assert.Equal(records.Order(StringComparer.Ordinal), stored.Select(d => d.RecordId).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task ClaimBatchAsync_PendingBatches_ReturnsOneBatchsPendingRowsAndASecondClaimerGetsAnother()
    {
        MassSend send = await InsertSendAsync();
        MassSend other = await InsertSendAsync(send.OrgId);
        List<Delivery> pending = SendingData.Rows(send, 5);
        List<Delivery> rows = [pending[0], SendingData.SkippedRow(send, SkipReason.Duplicate), .. pending[1..]];
        await Deliveries.AppendAsync(rows, 3, Ct);
        await Deliveries.AppendAsync(SendingData.Rows(other, 3), 3, Ct);

        DeliveryBatch? first = await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct);
        DeliveryBatch? second = await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease.AddMinutes(1), Ct);

        Assert.Equal(pending[..3], first!.Rows);
        Assert.Equal((send.Id, pending[0].Id, Lease), (first.SendId, first.Id, first.LeaseUntil));
        Assert.Equal(pending[3..], second!.Rows);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Null(await Deliveries.ClaimBatchAsync(send.Id, "worker-c", Lease, Ct));

        // Claiming writes no row: they stay PENDING until their outcome.
        Assert.Equal(rows.OrderBy(d => d.Id, StringComparer.Ordinal), await ListAllAsync(send));
        Assert.Equal(new DeliveryCounts(0, 5, 0, 0, 1, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
        Assert.Equal(3, (await Deliveries.ClaimBatchAsync(other.Id, "worker-a", Lease, Ct))!.Rows.Count);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task ClaimBatchAsync_UnknownSend_ClaimsNothing(string sendId)
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 2), 50, Ct);

        Assert.Null(await Deliveries.ClaimBatchAsync(sendId, "worker-a", Lease, Ct));
        Assert.True(await Deliveries.HasOpenBatchesAsync(send.Id, Ct));
        Assert.Equal(2, (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!.Rows.Count);
    }

    [SkippableFact]
    public async Task ClaimBatchAsync_ConcurrentWorkers_NeverClaimTheSameRow()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 120);
        await Deliveries.AppendAsync(rows, 7, Ct);

        List<Delivery>[] claimedByWorker = await Race.RunAsync(4, async w =>
        {
            var mine = new List<Delivery>();
            while (await Deliveries.ClaimBatchAsync(send.Id, $"worker-{w}", Lease, Ct) is { } batch)
            {
                Assert.InRange(batch.Rows.Count, 1, 7);
                mine.AddRange(batch.Rows);
                Assert.True(await Deliveries.ReleaseAsync(batch, [.. batch.Rows.Select(Sent)], TestData.Now(), Ct));
            }

            return mine;
        });

        List<Delivery> all = [.. claimedByWorker.SelectMany(c => c)];
        Assert.Equal(rows.Select(r => r.Id), all.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new DeliveryCounts(0, 0, 120, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
        Assert.False(await Deliveries.HasOpenBatchesAsync(send.Id, Ct));
    }

    [SkippableFact]
    public async Task CheckpointAsync_ClaimHeld_StoresOutcomesOfPendingRowsAndRenewsTheLease()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync(SendingData.Rows(send, 5), 50, Ct);
        DeliveryBatch batch = (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        IReadOnlyList<Delivery> claimed = batch.Rows;
        DateTimeOffset at = TestData.Now().AddSeconds(5);
        DeliveryOutcome[] outcomes =
        [
            new(claimed[0].Id, DeliveryState.Sent, SkipReason.None, 1, "ses-0001", ""),
            new(claimed[1].Id, DeliveryState.Failed, SkipReason.None, 3, "", "MessageRejected: bad ✓"),
            new(claimed[2].Id, DeliveryState.Skipped, SkipReason.OptedOut, 0, "", ""),
            new(claimed[3].Id, DeliveryState.Unknown, SkipReason.None, 2, "", "timeout"),
        ];

        Assert.True(await Deliveries.CheckpointAsync(batch, outcomes, claimed[4].Id, at, Lease.AddMinutes(10), Ct));
        // Outcomes of rows that have one already, of another send or with malformed ids change nothing.
        Assert.True(await Deliveries.CheckpointAsync(batch, [Sent(claimed[0]) with { MessageId = "again" }, Sent(claimed[4]) with { DeliveryId = "bad" }, Sent(claimed[4]) with { DeliveryId = Ids.New() }], null, at, Lease.AddMinutes(10), Ct));

        Assert.Equal(
            [.. claimed.Take(4).Zip(outcomes, (d, o) => d with { State = o.State, Skip = o.Skip, Attempts = o.Attempts, MessageId = o.MessageId, Error = o.Error, UpdatedAt = at }), claimed[4]],
            await ListAllAsync(send));
        Assert.Equal(new DeliveryCounts(0, 1, 1, 1, 1, 1), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));

        // The lease was renewed to Lease + 10 min: not expired at Lease + 5 min.
        Assert.Equal(0, await Deliveries.ExpireLeasesAsync(Lease.AddMinutes(5), Ct));
        Assert.True(await Deliveries.CheckpointAsync(batch, [], null, Lease.AddMinutes(5), Lease.AddMinutes(20), Ct));
    }

    [SkippableFact]
    public async Task CheckpointAsync_StaleTokenOrExpiredLease_FailsAndTheNewOwnerKeepsTheBatch()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        await deliveries.AppendAsync(SendingData.Rows(send, 4), 50, Ct);
        DateTimeOffset now = TestData.Now();
        DeliveryBatch paused = (await deliveries.ClaimBatchAsync(send.Id, "paused", now.AddSeconds(10), Ct))!;

        // Lease ran out, not recovered yet: the holder may not go on.
        Assert.False(await deliveries.CheckpointAsync(paused, [], paused.Rows[0].Id, now.AddSeconds(11), now.AddMinutes(1), Ct));

        // Recovered and claimed by another worker: the old token is fenced off, the new one works.
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(now.AddSeconds(11), Ct));
        DeliveryBatch taken = (await deliveries.ClaimBatchAsync(send.Id, "new", now.AddMinutes(1), Ct))!;
        Assert.Equal(paused.Rows, taken.Rows);
        Assert.False(await deliveries.CheckpointAsync(paused, [], paused.Rows[0].Id, now, now.AddMinutes(5), Ct));
        Assert.False(await deliveries.ReleaseAsync(paused, [], now, Ct));
        Assert.True(await deliveries.CheckpointAsync(taken, [], taken.Rows[1].Id, now.AddSeconds(12), now.AddMinutes(1), Ct));

        // The stale holder's mark did not land: only the new owner's mark counts at expiry.
        Assert.Equal(2, await deliveries.ExpireLeasesAsync(now.AddMinutes(2), Ct));
    }

    [SkippableFact]
    public async Task ExpireLeasesAsync_ExpiredBatchWithMark_OnlyMarkedPendingRowsTurnUnknownAndTheRestIsClaimable()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend one = await InsertSendAsync(store);
        MassSend two = await InsertSendAsync(store);
        List<Delivery> rowsOfOne = SendingData.Rows(one, 8);
        List<Delivery> rowsOfTwo = SendingData.Rows(two, 3);
        await deliveries.AppendAsync([.. rowsOfOne, .. rowsOfTwo], 4, Ct);
        DateTimeOffset now = TestData.Now();
        DeliveryBatch crashed = (await deliveries.ClaimBatchAsync(one.Id, "crashed", now.AddSeconds(5), Ct))!;
        DeliveryBatch live = (await deliveries.ClaimBatchAsync(one.Id, "alive", now.AddMinutes(5), Ct))!;
        Assert.Equal(rowsOfTwo, (await deliveries.ClaimBatchAsync(two.Id, "crashed", now.AddSeconds(5), Ct))!.Rows);
        // The crashed worker had started rows 0–2, stored row 0's outcome, and not yet started row 3.
        Assert.True(await deliveries.CheckpointAsync(crashed, [], rowsOfOne[2].Id, now, now.AddSeconds(5), Ct));
        Assert.True(await deliveries.CheckpointAsync(crashed, [Sent(rowsOfOne[0])], null, now, now.AddSeconds(5), Ct));
        Assert.True(await deliveries.CheckpointAsync(live, [], rowsOfOne[7].Id, now, now.AddMinutes(5), Ct));
        DateTimeOffset later = now.AddSeconds(10);

        Assert.Equal(2, await deliveries.ExpireLeasesAsync(later, Ct));

        List<Delivery> stored = await ListAllAsync(deliveries, one);
        Assert.Equal(
            [DeliveryState.Sent, DeliveryState.Unknown, DeliveryState.Unknown, DeliveryState.Pending, .. Enumerable.Repeat(DeliveryState.Pending, 4)],
            stored.Select(d => d.State));
        Assert.Equal(rowsOfOne[1] with { State = DeliveryState.Unknown, UpdatedAt = later }, stored[1]);
        Assert.Equal(rowsOfTwo, await ListAllAsync(deliveries, two));
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(later, Ct));

        // Never-attempted rows are claimed again; UNKNOWN ones never by themselves; the live batch stays its holder's.
        Assert.Equal([rowsOfOne[3]], (await deliveries.ClaimBatchAsync(one.Id, "next", later.AddMinutes(1), Ct))!.Rows);
        Assert.Null(await deliveries.ClaimBatchAsync(one.Id, "next", later.AddMinutes(1), Ct));
        Assert.Equal(rowsOfTwo, (await deliveries.ClaimBatchAsync(two.Id, "next", later.AddMinutes(1), Ct))!.Rows);
        Assert.True(await deliveries.ReleaseAsync(live, [.. live.Rows.Select(Sent)], later, Ct));
        Assert.Equal(new DeliveryCounts(0, 1, 5, 0, 0, 2), await deliveries.CountAsync(one.OrgId, one.Id, Ct));
    }

    [SkippableFact]
    public async Task ExpireLeasesAsync_ExpiredBatchWhoseRowsAllEnded_IsClosedByTheNextClaim()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 2);
        await deliveries.AppendAsync(rows, 50, Ct);
        DateTimeOffset now = TestData.Now();
        DeliveryBatch crashed = (await deliveries.ClaimBatchAsync(send.Id, "crashed", now.AddSeconds(5), Ct))!;
        Assert.True(await deliveries.CheckpointAsync(crashed, [Sent(rows[0])], rows[1].Id, now, now.AddSeconds(5), Ct));

        Assert.Equal(1, await deliveries.ExpireLeasesAsync(now.AddSeconds(6), Ct));

        Assert.True(await deliveries.HasOpenBatchesAsync(send.Id, Ct));
        Assert.Null(await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(1), Ct));
        Assert.False(await deliveries.HasOpenBatchesAsync(send.Id, Ct));
    }

    [SkippableFact]
    public async Task ReleaseAsync_SomeRowsWithoutOutcome_StoresOutcomesAndTheBatchIsClaimableForTheRestThenDone()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 4);
        await Deliveries.AppendAsync(rows, 50, Ct);
        DeliveryBatch batch = (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await Deliveries.CheckpointAsync(batch, [], rows[3].Id, TestData.Now(), Lease, Ct));

        // Paused after two rows: the other two were never attempted.
        Assert.True(await Deliveries.ReleaseAsync(batch, [Sent(rows[0]), Sent(rows[2])], TestData.Now(), Ct));
        Assert.False(await Deliveries.ReleaseAsync(batch, [], TestData.Now(), Ct));

        Assert.True(await Deliveries.HasOpenBatchesAsync(send.Id, Ct));
        DeliveryBatch again = (await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!;
        Assert.Equal([rows[1], rows[3]], again.Rows);
        // The mark was cleared with the release: nothing turns UNKNOWN when the new claim expires unmarked.
        Assert.Equal(0, await Deliveries.ExpireLeasesAsync(Lease.AddSeconds(1), Ct));
        again = (await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease.AddMinutes(5), Ct))!;
        Assert.True(await Deliveries.ReleaseAsync(again, [.. again.Rows.Select(Sent)], TestData.Now(), Ct));

        Assert.False(await Deliveries.HasOpenBatchesAsync(send.Id, Ct));
        Assert.Null(await Deliveries.ClaimBatchAsync(send.Id, "worker-c", Lease, Ct));
        Assert.Equal(new DeliveryCounts(0, 0, 4, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task ReleaseAsync_BatchLostMeanwhile_StillStoresOutcomesOfPendingRows()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 3);
        await deliveries.AppendAsync(rows, 50, Ct);
        DateTimeOffset now = TestData.Now();
        DeliveryBatch lost = (await deliveries.ClaimBatchAsync(send.Id, "paused", now.AddSeconds(5), Ct))!;
        Assert.True(await deliveries.CheckpointAsync(lost, [], rows[1].Id, now, now.AddSeconds(5), Ct));
        Assert.Equal(2, await deliveries.ExpireLeasesAsync(now.AddSeconds(6), Ct));
        DeliveryBatch taken = (await deliveries.ClaimBatchAsync(send.Id, "new", now.AddMinutes(1), Ct))!;

        // The old holder's outcome of an UNKNOWN row does not overwrite it; its batch release fails.
        Assert.False(await deliveries.ReleaseAsync(lost, [Sent(rows[0])], now.AddSeconds(7), Ct));

        Assert.Equal([rows[2]], taken.Rows);
        Assert.Equal(new DeliveryCounts(0, 1, 0, 0, 0, 2), await deliveries.CountAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task CountAsync_EveryState_CountsEachOnceAndOnlyInItsOrg()
    {
        MassSend send = await InsertSendAsync();
        await Deliveries.AppendAsync([.. SendingData.Rows(send, 6), SendingData.SkippedRow(send, SkipReason.NoEmail)], 4, Ct);
        DeliveryBatch batch = (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        IReadOnlyList<Delivery> claimed = batch.Rows;
        await Deliveries.CheckpointAsync(batch, [Sent(claimed[0]), Sent(claimed[1]), Sent(claimed[2]) with { State = DeliveryState.Failed }], null, TestData.Now(), Lease, Ct);

        DeliveryCounts counts = await Deliveries.CountAsync(send.OrgId, send.Id, Ct);

        // CLAIMED: the rows without an outcome of a batch a worker holds.
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
        await Deliveries.AppendAsync(rows, 50, Ct);

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
        await Deliveries.AppendAsync(SendingData.Rows(send, 2), 50, Ct);

        Assert.Empty(await Deliveries.ListAsync(await NewOrgAsync(), send.Id, null, null, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, "not-an-id", null, null, null, 10, Ct));
        Assert.Empty(await Deliveries.ListAsync(send.OrgId, send.Id, null, null, "not-an-id", 10, Ct));
    }

    [SkippableFact]
    public async Task RequeueUnknownAsync_UnknownRows_ReopenTheirClosedBatchAndBecomeClaimableOnlyInTheirOrg()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 4);
        await Deliveries.AppendAsync(rows, 3, Ct);
        DeliveryBatch batch = (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await Deliveries.ReleaseAsync(
            batch,
            [Sent(rows[0]) with { State = DeliveryState.Unknown }, Sent(rows[1]), Sent(rows[2]) with { State = DeliveryState.Unknown }],
            TestData.Now(),
            Ct));

        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(await NewOrgAsync(), send.Id, Ct));
        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(send.OrgId, "not-an-id", Ct));
        Assert.Equal(new DeliveryCounts(1, 0, 1, 0, 0, 2), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));

        Assert.Equal(2, await Deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));

        Assert.Equal(new DeliveryCounts(3, 0, 1, 0, 0, 0), await Deliveries.CountAsync(send.OrgId, send.Id, Ct));
        Assert.Equal([rows[0].Id, rows[2].Id], (await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!.Rows.Select(d => d.Id));
        Assert.Equal([rows[3].Id], (await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!.Rows.Select(d => d.Id));
        Assert.Equal(0, await Deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task RequeueUnknownAsync_BatchClaimedMeanwhile_ReleaseKeepsItOpenForTheRequeuedRows()
    {
        MassSend send = await InsertSendAsync();
        List<Delivery> rows = SendingData.Rows(send, 3);
        await Deliveries.AppendAsync(rows, 50, Ct);
        DeliveryBatch first = (await Deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await Deliveries.ReleaseAsync(first, [Sent(rows[0]) with { State = DeliveryState.Unknown }], TestData.Now(), Ct));
        DeliveryBatch holder = (await Deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!;

        Assert.Equal(1, await Deliveries.RequeueUnknownAsync(send.OrgId, send.Id, Ct));
        Assert.True(await Deliveries.ReleaseAsync(holder, [.. holder.Rows.Select(Sent)], TestData.Now(), Ct));

        Assert.True(await Deliveries.HasOpenBatchesAsync(send.Id, Ct));
        Assert.Equal([rows[0].Id], (await Deliveries.ClaimBatchAsync(send.Id, "worker-c", Lease, Ct))!.Rows.Select(d => d.Id));
    }

    private static DeliveryOutcome Sent(Delivery d) => new(d.Id, DeliveryState.Sent, SkipReason.None, 1, $"ses-{d.Id}", "");

    private Task<List<Delivery>> ListAllAsync(MassSend send, DeliveryState? state = null) => ListAllAsync(Deliveries, send, state);

    private static async Task<List<Delivery>> ListAllAsync(IDeliveryStore deliveries, MassSend send, DeliveryState? state = null) =>
        [.. await deliveries.ListAsync(send.OrgId, send.Id, state, null, null, 10_000, Ct)];
}
