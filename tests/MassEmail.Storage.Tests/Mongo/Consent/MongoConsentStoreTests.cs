using MassEmail.Core;
using MassEmail.Core.Consent;
using MassEmail.Core.Recipients;
using MassEmail.Storage.Tests.Contracts.Consent;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Storage.Tests.Mongo.Recipients;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Consent;

public sealed class MongoConsentStoreTests(MongoStoreFixture fixture)
    : ConsentStoreContract(fixture), IClassFixture<MongoStoreFixture>
{
    /// <summary>
    /// A writer killed after its one document update (state set, change embedded in consent_pending) and before the
    /// copy to consent_changes: the outbox and the history still carry the change, exactly once, and the array empties.
    /// </summary>
    [SkippableFact]
    public async Task ChangeLeftEmbeddedByAKilledWriter_ReachesHistoryAndOutboxOnce()
    {
        var orgId = await NewOrgAsync();
        var record = RecipientData.Record(orgId);
        await Store<IRecordStore>().UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);
        var change = new ConsentChange(Ids.New(), orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.OneClick, TestData.Now());
        var entry = new BsonDocument
        {
            ["_id"] = ObjectId.Parse(change.Id),
            ["org_id"] = ObjectId.Parse(orgId),
            ["record_id"] = ObjectId.Parse(record.Id),
            ["list_id"] = BsonNull.Value,
            ["kind"] = (int)change.Kind,
            ["source"] = change.Source,
            ["at"] = new BsonDateTime(change.At.UtcDateTime),
        };
        var records = MongoRecipientsDatabase.Of(fixture).GetCollection<BsonDocument>("records");
        await records.UpdateOneAsync(
            new BsonDocument("_id", ObjectId.Parse(record.Id)),
            new BsonDocument
            {
                ["$set"] = new BsonDocument("email_opt_out", true),
                ["$push"] = new BsonDocument("consent_pending", entry),
            },
            cancellationToken: Ct);
        var store = Store<IConsentStore>();

        Assert.Equal([change], (await store.ReadPendingAsync(10_000, Ct)).Where(c => c.OrgId == orgId));
        Assert.Equal([change], await store.HistoryAsync(orgId, record.Id, 10, Ct));
        Assert.Equal([change], (await store.ReadPendingAsync(10_000, Ct)).Where(c => c.OrgId == orgId));
        var left = await records.Find(new BsonDocument("_id", ObjectId.Parse(record.Id))).SingleAsync(Ct);
        Assert.Empty(left["consent_pending"].AsBsonArray);
    }
}
