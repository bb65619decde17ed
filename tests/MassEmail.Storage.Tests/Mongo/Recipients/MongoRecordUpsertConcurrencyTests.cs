using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// Concurrent imports of the same new external ids: the unique index refuses all but one insert and the
/// store retries the others as updates. Needs a server that enforces unique indexes (MongoDB, or CongoDB with tools/congodb.mjs's fixes).
/// </summary>
public sealed class MongoRecordUpsertConcurrencyTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    [SkippableFact]
    public async Task UpsertAsync_ConcurrentBatchesOfSameNewExternalIds_KeepOneRecordEachAndReportIt()
    {
        fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        Organisation org = TestData.Organisation();
        await fixture.Store.Get<IOrganisationStore>().CreateAsync(org, CancellationToken.None);
        IRecordStore records = fixture.Store.Get<IRecordStore>();
        string[] externalIds = [.. Enumerable.Range(0, 20).Select(i => $"race-{i}")];

        // Each batch has its own ids and hashes, as separate import streams would.
        IReadOnlyList<UpsertOutcome>[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            records.UpsertAsync(
                org.Id,
                RecordModule.Candidates,
                [.. externalIds.Select(e => RecipientData.Record(org.Id, RecordModule.Candidates, e))],
                CancellationToken.None))));

        IReadOnlyList<RecipientRecord> stored = await records.SearchAsync(new RecordSearch(org.Id, RecordModule.Candidates, null, null, 100), CancellationToken.None);
        Assert.Equal(externalIds.Order(StringComparer.Ordinal), stored.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        for (var i = 0; i < externalIds.Length; i++)
        {
            RecipientRecord record = stored.Single(r => r.ExternalId == externalIds[i]);
            Assert.All(results, outcomes => Assert.Equal(record.Id, outcomes[i].RecordId));
            Assert.Single(results, outcomes => outcomes[i].Result == UpsertResult.Inserted);
        }
    }
}
