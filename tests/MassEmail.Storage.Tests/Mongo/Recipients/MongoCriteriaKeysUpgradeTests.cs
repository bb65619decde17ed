using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// Issue 11 point 8: records written before <c>criteria_keys</c> existed have none, and text criteria test only the
/// keys. The start-up upgrade gives them their keys, in batches, resuming from its marker after a stop.
/// </summary>
public sealed class MongoCriteriaKeysUpgradeTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly FieldFilter SkillIsGo = new(new FieldPath("skills", true, FieldType.List), FilterOperator.Equals, [FieldValue.Of("GO")]);

    [SkippableFact]
    public async Task Start_RecordsOfAnEarlierBuild_GetTheirKeys_AcrossBatches_AndMatchAgain()
    {
        var (org, ids) = await SeedAsync(MongoCriteriaKeysUpgrade.Batch + 7);
        await MakeEarlierBuildAsync(org);
        Assert.Empty(await SearchAsync(org, SkillIsGo));

        await fixture.Store.InitializeAsync();

        Assert.Equal(ids.Count, (await SearchAsync(org, SkillIsGo)).Count);
        Assert.Equal(ids.Count, (await SearchAsync(org, new FieldFilter(StandardFields.Path(StandardFields.LastName), FilterOperator.StartsWith, [FieldValue.Of("LOVE")]))).Count);
        StoreUpgradeDocument marker = await Collections.StoreUpgrades.Find(d => d.Id == StoreUpgradeDocument.IdOf(MongoCriteriaKeysUpgrade.Name)).SingleAsync(Ct);
        Assert.True(marker.Done);
        Assert.Equal(0, await Raw.CountDocumentsAsync(new BsonDocument { ["org_id"] = ObjectId.Parse(org), [CriteriaKeys.Field] = new BsonDocument("$exists", false) }, cancellationToken: Ct));
    }

    [SkippableFact]
    public async Task Start_AfterAStopMidway_ResumesFromTheMarker()
    {
        var (org, ids) = await SeedAsync(4);
        await MakeEarlierBuildAsync(org);

        // A process stopped after the batch that ended with the second record: those two are done (here: given their
        // keys again), the marker says so, the rest are not.
        await fixture.Store.Get<IRecordStore>().UpsertAsync(
            org, RecordModule.Candidates, [.. (await fixture.Store.Get<IRecordStore>().GetManyAsync(org, ids.Take(2).ToList(), Ct)).Select(r => r with { ContentHash = "rewritten" })], Ct);
        await Collections.StoreUpgrades.ReplaceOneAsync(
            d => d.Id == StoreUpgradeDocument.IdOf(MongoCriteriaKeysUpgrade.Name),
            new StoreUpgradeDocument { Id = StoreUpgradeDocument.IdOf(MongoCriteriaKeysUpgrade.Name), Name = MongoCriteriaKeysUpgrade.Name, After = ObjectId.Parse(ids[1]), Done = false },
            new ReplaceOptions { IsUpsert = true },
            Ct);

        await fixture.Store.InitializeAsync();

        Assert.Equal(ids, (await SearchAsync(org, SkillIsGo)).Select(r => r.Id).Order(StringComparer.Ordinal));
        StoreUpgradeDocument marker = await Collections.StoreUpgrades.Find(d => d.Id == StoreUpgradeDocument.IdOf(MongoCriteriaKeysUpgrade.Name)).SingleAsync(Ct);
        Assert.True(marker.Done);
        Assert.True(marker.After >= ObjectId.Parse(ids[^1]));
    }

    private MongoCollections Collections => fixture.Store.Services.GetRequiredService<MongoCollections>();

    private IMongoCollection<BsonDocument> Raw => Collections.Database.GetCollection<BsonDocument>(Collections.Records.CollectionNamespace.CollectionName);

    private async Task<(string Org, List<string> Ids)> SeedAsync(int count)
    {
        Organisation org = TestData.Organisation();
        await fixture.Store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        var records = Enumerable.Range(0, count)
            .Select(_ => RecipientData.Record(org.Id) with { Custom = RecipientData.Custom(("skills", FieldValue.Of(["Go", "SQL"]))) })
            .ToList();
        await fixture.Store.Get<IRecordStore>().UpsertAsync(org.Id, RecordModule.Candidates, records, Ct);
        return (org.Id, [.. records.Select(r => r.Id).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The organisation's records as an earlier build wrote them (no keys), and the upgrade not yet run.</summary>
    private async Task MakeEarlierBuildAsync(string org)
    {
        await Raw.UpdateManyAsync(new BsonDocument("org_id", ObjectId.Parse(org)), new BsonDocument("$unset", new BsonDocument(CriteriaKeys.Field, "")), cancellationToken: Ct);
        await Collections.StoreUpgrades.DeleteManyAsync(FilterDefinition<StoreUpgradeDocument>.Empty, Ct);
    }

    private async Task<IReadOnlyList<RecipientRecord>> SearchAsync(string org, Filter filter) =>
        await fixture.Store.Get<IRecordStore>().SearchAsync(new RecordSearch(org, RecordModule.Candidates, filter, null, 10_000), Ct);
}
