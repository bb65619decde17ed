using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Mongo.Recipients;
using MassEmail.Storage.Mongo.Sending;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Runs the start-up index migration (<see cref="MongoIndexBuilds"/>), which several instances may run at once, and
/// gives the deliveries of unfinished sends that an earlier build wrote without batches their claim units, and those
/// sends their kept counts (<see cref="MongoDeliveryCounts.UpgradeAsync"/>), gives records of an earlier build their
/// criteria keys (<see cref="MongoCriteriaKeysUpgrade"/>), and finishes the deletes a stopped process
/// left between their steps (<see cref="Recipients.MongoPurges"/>).
/// </summary>
internal sealed class MongoStoreInitializer(MongoCollections collections) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        await MongoIndexBuilds.RunAsync(collections, ct);

        // Records of an earlier build get the keys text criteria match on (resumable, a no-op once done).
        await MongoCriteriaKeysUpgrade.RunAsync(collections, ct);

        // Deletes a stopped process left between their steps are finished before anything reads the lists.
        await new MongoPurges(collections).ResumeAllAsync(ct);

        // The workers' queues (ix_mass_sends_state) name the few unfinished sends; each adoption and upgrade is
        // idempotent. Finished sends of an earlier build stay as they are and are counted from their rows.
        var store = new MongoDeliveryStore(collections);
        var counts = new MongoDeliveryCounts(collections);
        List<MassSendDocument> unfinished = await collections.MassSends
            .Find(Builders<MassSendDocument>.Filter.In(d => d.State, [SendState.Queued, SendState.Sending, SendState.Paused]))
            .ToListAsync(ct);
        foreach (MassSendDocument send in unfinished)
        {
            await store.AdoptEarlierRowsAsync(send.Id, ct);
            await counts.UpgradeAsync(send.Id, send.OrgId, ct);
        }
    }
}
