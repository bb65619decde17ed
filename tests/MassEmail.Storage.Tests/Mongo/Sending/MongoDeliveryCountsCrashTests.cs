using System.Collections.Concurrent;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Sending;

/// <summary>
/// Issue 10, point 7: a send's counts on MongoDB come from the counts its batch documents keep, never from its
/// deliveries; and a writer killed between its steps (the state it leaves is written here directly) never makes them
/// wrong: the batch it left is counted from its rows until a later step repairs it.
/// </summary>
public sealed class MongoDeliveryCountsCrashTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly DateTimeOffset Lease = TestData.Now().AddMinutes(5);

    private static CancellationToken Ct => CancellationToken.None;

    [SkippableFact]
    public async Task CountAsync_SettledBatches_ReadsNoDeliveries()
    {
        _ = fixture.ConnectionString;
        var commands = new ConcurrentQueue<BsonDocument>();
        var capturing = MongoStoreFixture.CapturingCommands(commands);
        await using StoreInstance store = await capturing.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 7);
        await deliveries.AppendAsync([.. rows, SendingData.SkippedRow(send, SkipReason.OptedOut)], 3, Ct);
        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await deliveries.ReleaseAsync(batch, [Outcome(batch.Rows[0], DeliveryState.Sent), Outcome(batch.Rows[1], DeliveryState.Failed)], TestData.Now(), Ct));
        commands.Clear();

        DeliveryCounts counts = await deliveries.CountAsync(send.OrgId, send.Id, Ct);

        Assert.Equal(new DeliveryCounts(5, 0, 1, 1, 1, 0), counts);
        Assert.DoesNotContain(commands, c => c.Elements.Any(e => (e.Name is "aggregate" or "find" or "count") && e.Value == "deliveries"));
    }

    [SkippableFact]
    public async Task CountAsync_AppendKilledBeforeFinishingItsBatches_CountsTheirRowsAndTheResumedSnapshotSendsThem()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = [.. SendingData.Rows(send, 4), SendingData.SkippedRow(send, SkipReason.NoEmail)];
        await deliveries.AppendAsync(rows, 50, Ct);

        // As the append left them when killed after writing batches and rows: not claimable, announced, counts not
        // yet stored (here: stale ones, which must not be believed).
        await Batches(store).UpdateManyAsync(
            Builders<BsonDocument>.Filter.Eq("send_id", ObjectId.Parse(send.Id)) & Builders<BsonDocument>.Filter.Ne("_id", ObjectId.Parse(send.Id)),
            new BsonDocument("$set", new BsonDocument
            {
                ["state"] = (int)DeliveryBatchState.Done,
                ["appending"] = true,
                ["dirty"] = 1,
                ["gen"] = 0,
                ["counts"] = new BsonDocument { ["pending"] = 100, ["sent"] = 100 },
            }),
            cancellationToken: Ct);

        await AssertCountsAsync(deliveries, send, new DeliveryCounts(4, 0, 0, 0, 1, 0));
        Assert.Null(await deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct));

        // The resumed snapshot appends the same records again: their batch becomes claimable.
        await deliveries.AppendAsync(rows, 50, Ct);
        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.Equal(rows[..4], batch.Rows);
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(0, 4, 0, 0, 1, 0));
        Assert.True(await deliveries.ReleaseAsync(batch, [.. batch.Rows.Select(d => Outcome(d, DeliveryState.Sent))], TestData.Now(), Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(0, 0, 4, 0, 1, 0));
    }

    [SkippableFact]
    public async Task CountAsync_RequeueKilledAfterMovingRows_CountsTheirRowsUntilTheBatchSettles()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 3);
        await deliveries.AppendAsync(rows, 50, Ct);
        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await deliveries.ReleaseAsync(
            batch, [Outcome(rows[0], DeliveryState.Unknown), Outcome(rows[1], DeliveryState.Unknown), Outcome(rows[2], DeliveryState.Sent)], TestData.Now(), Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(0, 0, 1, 0, 0, 2));

        // The requeue announced its change, reopened the batch and moved the rows, then was killed before settling.
        await Batches(store).UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(batch.Id)),
            new BsonDocument { ["$inc"] = new BsonDocument { ["dirty"] = 1, ["gen"] = 1 }, ["$set"] = new BsonDocument("state", (int)DeliveryBatchState.Pending) },
            cancellationToken: Ct);
        await Deliveries(store).UpdateManyAsync(
            new BsonDocument { ["send_id"] = ObjectId.Parse(send.Id), ["state"] = (int)DeliveryState.Unknown },
            new BsonDocument("$set", new BsonDocument("state", (int)DeliveryState.Pending)),
            cancellationToken: Ct);

        await AssertCountsAsync(deliveries, send, new DeliveryCounts(2, 0, 1, 0, 0, 0));
        DeliveryBatch again = (await deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!;
        Assert.True(await deliveries.ReleaseAsync(again, [Outcome(again.Rows[0], DeliveryState.Sent)], TestData.Now(), Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(1, 0, 2, 0, 0, 0));
    }

    [SkippableFact]
    public async Task ExpireLeasesAsync_SweepKilledAfterTakingTheClaimAndMovingRows_NextSweepFinishesItWithExactCounts()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 4);
        await deliveries.AppendAsync(rows, 50, Ct);
        DateTimeOffset now = TestData.Now();
        DeliveryBatch crashed = (await deliveries.ClaimBatchAsync(send.Id, "crashed", now.AddSeconds(5), Ct))!;
        Assert.True(await deliveries.CheckpointAsync(crashed, [Outcome(rows[0], DeliveryState.Sent)], rows[1].Id, now, now.AddSeconds(5), Ct));

        // A sweep took the claim (its own token) and turned the marked row UNKNOWN, then was killed.
        await Batches(store).UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(crashed.Id)), new BsonDocument("$set", new BsonDocument { ["token"] = "dead-sweep", ["owner"] = "lease-expiry" }), cancellationToken: Ct);
        await Deliveries(store).UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(rows[1].Id)), new BsonDocument("$set", new BsonDocument("state", (int)DeliveryState.Unknown)), cancellationToken: Ct);
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(0, 2, 1, 0, 0, 1));

        // The old holder has lost the batch; the next sweep finishes the expiry.
        Assert.False(await deliveries.CheckpointAsync(crashed, [], rows[3].Id, now, now.AddSeconds(5), Ct));
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(now.AddSeconds(10), Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(2, 0, 1, 0, 0, 1));
        DeliveryBatch next = (await deliveries.ClaimBatchAsync(send.Id, "next", now.AddMinutes(1), Ct))!;
        Assert.Equal(rows[2..], next.Rows);
        Assert.True(await deliveries.ReleaseAsync(next, [.. next.Rows.Select(d => Outcome(d, DeliveryState.Sent))], now, Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(0, 0, 3, 0, 0, 1));
    }

    [SkippableFact]
    public async Task InitializeAsync_UnfinishedSendOfTheEarlierBuild_KeepsItsCountsFromThenOn()
    {
        await using StoreInstance store = await fixture.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await InsertSendAsync(store);
        List<Delivery> rows = SendingData.Rows(send, 3);
        await deliveries.AppendAsync([.. rows, SendingData.SkippedRow(send, SkipReason.OptedOut), SendingData.SkippedRow(send, SkipReason.Duplicate)], 2, Ct);
        DeliveryBatch batch = (await deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, Ct))!;
        Assert.True(await deliveries.ReleaseAsync(batch, [Outcome(batch.Rows[0], DeliveryState.Sent)], TestData.Now(), Ct));

        // As the earlier build (batch claims, no kept counts) left it: no ledger, batches without counts, skipped rows
        // without a batch.
        ObjectId sendId = ObjectId.Parse(send.Id);
        await Batches(store).DeleteOneAsync(new BsonDocument("_id", sendId), Ct);
        await Batches(store).DeleteManyAsync(new BsonDocument { ["send_id"] = sendId, ["state"] = (int)DeliveryBatchState.Done }, Ct);
        await Batches(store).UpdateManyAsync(
            new BsonDocument("send_id", sendId), new BsonDocument("$unset", new BsonDocument { ["counts"] = "", ["dirty"] = "", ["gen"] = "" }), cancellationToken: Ct);
        await Deliveries(store).UpdateManyAsync(
            new BsonDocument { ["send_id"] = sendId, ["state"] = (int)DeliveryState.Skipped }, new BsonDocument("$unset", new BsonDocument("batch_id", "")), cancellationToken: Ct);
        var expected = new DeliveryCounts(2, 0, 1, 0, 2, 0);
        await AssertCountsAsync(deliveries, send, expected);

        await store.InitializeAsync();
        await store.InitializeAsync();

        Assert.Equal(1, await Batches(store).CountDocumentsAsync(new BsonDocument("_id", sendId), cancellationToken: Ct));
        Assert.Equal(0, await Batches(store).CountDocumentsAsync(new BsonDocument { ["send_id"] = sendId, ["dirty"] = new BsonDocument("$ne", 0) }, cancellationToken: Ct));
        Assert.Equal(0, await Deliveries(store).CountDocumentsAsync(new BsonDocument { ["send_id"] = sendId, ["batch_id"] = BsonNull.Value }, cancellationToken: Ct));
        await AssertCountsAsync(deliveries, send, expected);
        DeliveryBatch next = (await deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, Ct))!;
        Assert.True(await deliveries.ReleaseAsync(next, [.. next.Rows.Select(d => Outcome(d, DeliveryState.Failed))], TestData.Now(), Ct));
        await AssertCountsAsync(deliveries, send, new DeliveryCounts(1, 0, 1, 1, 2, 0));
    }

    private static async Task AssertCountsAsync(IDeliveryStore deliveries, MassSend send, DeliveryCounts expected)
    {
        List<Delivery> all = [.. await deliveries.ListAsync(send.OrgId, send.Id, null, null, null, 10_000, Ct)];
        DeliveryCounts counts = await deliveries.CountAsync(send.OrgId, send.Id, Ct);
        Assert.Equal(expected, counts);
        Assert.Equal(all.Count, counts.Total);
        Assert.Equal(all.Count(d => d.State == DeliveryState.Pending), counts.Pending + counts.Claimed);
    }

    private static DeliveryOutcome Outcome(Delivery d, DeliveryState state) =>
        new(d.Id, state, state == DeliveryState.Skipped ? SkipReason.OptedOut : SkipReason.None, 1, state == DeliveryState.Sent ? $"ses-{d.Id}" : "", "");

    private static IMongoCollection<BsonDocument> Batches(StoreInstance store) => MongoSendingSeed.Batches(store);

    private static IMongoCollection<BsonDocument> Deliveries(StoreInstance store) => MongoSendingSeed.Collection(store, "deliveries");

    private static Task<MassSend> InsertSendAsync(StoreInstance store) => MongoSendingSeed.InsertSendAsync(store);
}
