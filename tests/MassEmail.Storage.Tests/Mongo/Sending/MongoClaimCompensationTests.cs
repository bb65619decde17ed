using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace MassEmail.Storage.Tests.Mongo.Sending;

/// <summary>
/// Issue 11 point 6: a batch claim the server applied but whose caller never learnt its token (the answer or the
/// read-back of its rows lost in a stepdown, a dropped connection, a shutdown) is handed back at once, not left
/// claimed until its lease expires; and nothing of it becomes UNKNOWN, since no provider call started under it.
/// </summary>
public sealed class MongoClaimCompensationTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly DateTimeOffset Lease = TestData.Now().AddMinutes(5);

    [SkippableFact]
    public async Task ClaimBatch_ReadBackOfItsRowsFails_HandsTheBatchBackPendingAndAnotherWorkerSendsAllOfIt()
    {
        _ = fixture.ConnectionString;
        using var readBack = new CancellationTokenSource();
        var armed = false;
        // The claim itself is applied and answered; the read of its rows that follows is then cancelled.
        var failing = new MongoStoreFixture
        {
            ConfigureCluster = cb => cb.Subscribe<CommandSucceededEvent>(e =>
            {
                if (Volatile.Read(ref armed) && e.CommandName == "findAndModify")
                {
                    readBack.Cancel();
                }
            }),
        };
        await using StoreInstance store = await failing.OpenFreshAsync();
        await store.InitializeAsync();
        IDeliveryStore deliveries = store.Get<IDeliveryStore>();
        MassSend send = await MongoSendingSeed.InsertSendAsync(store);
        await deliveries.AppendAsync(SendingData.Rows(send, 4), 50, CancellationToken.None);

        Volatile.Write(ref armed, true);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deliveries.ClaimBatchAsync(send.Id, "worker-a", Lease, readBack.Token));
        Volatile.Write(ref armed, false);

        BsonDocument batch = await MongoSendingSeed.Batches(store).Find(Builders<BsonDocument>.Filter.Eq("send_id", ObjectId.Parse(send.Id))
            & Builders<BsonDocument>.Filter.Ne("_id", ObjectId.Parse(send.Id))).SingleAsync();
        Assert.Equal((int)DeliveryBatchState.Pending, batch["state"].AsInt32);
        Assert.Equal(BsonNull.Value, batch.GetValue("token", BsonNull.Value));
        DeliveryBatch again = (await deliveries.ClaimBatchAsync(send.Id, "worker-b", Lease, CancellationToken.None))!;
        Assert.Equal(4, again.Rows.Count);
        Assert.Equal(0, (await deliveries.CountAsync(send.OrgId, send.Id, CancellationToken.None)).Unknown);
    }
}
