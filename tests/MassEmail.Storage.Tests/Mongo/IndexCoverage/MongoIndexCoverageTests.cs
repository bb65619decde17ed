using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;
using Xunit.Abstractions;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>
/// Point 13 of issue 11: every query the MongoDB adapter sends is served by an index declared in
/// <see cref="MongoIndexes"/>. Runs the store contract suite on MongoDB, captures every command (driver command events)
/// and checks each filter and sort against the declared indexes by the equality–sort–range rule. CongoDB scans whatever
/// it is asked, so only this check keeps a query that would scan a production collection from passing. The test
/// prints the query → index table.
/// </summary>
public sealed class MongoIndexCoverageTests(MongoStoreFixture fixture, ITestOutputHelper output) : IClassFixture<MongoStoreFixture>
{
    /// <summary>
    /// Deliberate scans, by the command comment the adapter sends with them, and why each is fine. Any entry needs a
    /// reason a reviewer accepts.
    /// </summary>
    private static readonly Dictionary<string, string> AllowedScans = new(StringComparer.Ordinal)
    {
        [MassEmail.Storage.Mongo.Tenancy.MongoOrganisationStore.AnyOrganisationComment] = "limit 1 on an empty filter: stops at the first document",
        [MassEmail.Storage.Mongo.Recipients.MongoPurges.UnfinishedComment] = "purges holds only deletes in progress: normally empty, read once at start-up",
        [MassEmail.Storage.Mongo.Secrets.MongoDataProtectionKeyStore.AllElementsComment] =
            "the answer is the whole key ring: a handful of elements (a key per 90 days, revocations), read at start-up and about once a day",
    };

    [SkippableFact]
    public async Task ContractSuite_EveryQuery_IsServedByADeclaredIndex()
    {
        _ = fixture.ConnectionString;
        var recorder = new CommandRecorder();
        ContractSuiteRunner.Outcome all = await ContractSuiteRunner.RunAsync(
            () => new MongoStoreFixture { ConfigureCluster = cb => cb.Subscribe<CommandStartedEvent>(recorder.OnStarted) });

        // The criteria table again with every client condition joined per record: the path of a condition matching more
        // clients than the store inlines.
        ContractSuiteRunner.Outcome joined = await ContractSuiteRunner.RunAsync(
            () => new MongoStoreFixture
            {
                ConfigureCluster = cb => cb.Subscribe<CommandStartedEvent>(recorder.OnStarted),
                StoreSettings = MongoJoinedClientsFixture.Joined,
            },
            type => type == typeof(Recipients.MongoCriteriaParityTests));
        ContractSuiteRunner.Outcome run = new(all.Passed + joined.Passed, all.Skipped + joined.Skipped, [.. all.Failures, .. joined.Failures]);

        List<DeclaredIndex> indexes = Declared();
        List<CapturedQuery> queries = [.. recorder.Commands.SelectMany(c => CommandQueries.Of(c.Name, c.Command))];
        var rows = queries
            .GroupBy(q => q.Shape, StringComparer.Ordinal)
            .Select(g => (Shape: g.Key, Count: g.Count(), Served: IndexMatcher.Serving(g.First(), indexes), g.First().Comment))
            .OrderBy(r => r.Shape, StringComparer.Ordinal)
            .ToList();

        output.WriteLine($"Contract suite on MongoDB: {run.Passed} passed, {run.Skipped} skipped, {run.Failures.Count} failed; "
            + $"{recorder.Commands.Count} commands, {queries.Count} queries of {rows.Count} shapes; {indexes.Count} indexes ({indexes.Count(i => i.Name == "_id_")} of them _id_).");
        output.WriteLine("query shape (= equality, <> range, ? checked on documents) -> index (keys it bounds) x times");
        foreach (var row in rows)
        {
            var served = row.Served is { } s ? $"{s.Index.Name} ({s.BoundKeys})" : row.Comment is not null && AllowedScans.ContainsKey(row.Comment) ? "SCAN, allowed" : "NONE";
            output.WriteLine($"  {row.Shape} -> {served} x{row.Count}");
        }

        var used = rows.Where(r => r.Served is not null).Select(r => r.Served!.Value.Index.Name).ToHashSet(StringComparer.Ordinal);
        output.WriteLine("declared indexes no query of the suite used: "
            + string.Join(", ", indexes.Where(i => i.Name != "_id_" && !used.Contains(i.Name)).Select(i => $"{i.Collection}.{i.Name}").DefaultIfEmpty("none")));

        Assert.Empty(run.Failures);
        Assert.True(rows.Count > 50, $"only {rows.Count} query shapes were captured: is the command capture working?");
        Assert.Empty(rows.Where(r => r.Served is null && !(r.Comment is not null && AllowedScans.ContainsKey(r.Comment))).Select(r => r.Shape));
    }

    [SkippableFact]
    public void Matcher_QueryWithoutIndex_IsNotServed()
    {
        // The check itself can fail: a query on an unindexed field, a sort in memory and an empty filter are not served.
        List<DeclaredIndex> indexes = Declared();
        Assert.Null(IndexMatcher.Serving(new("deliveries", "find", new BsonDocument("email", "a@b"), [], null, null), indexes));
        Assert.Null(IndexMatcher.Serving(new("mass_sends", "find", new BsonDocument("org_id", ObjectId.GenerateNewId()), new BsonDocument("created_at", 1), null, null), indexes));
        Assert.Null(IndexMatcher.Serving(new("records", "find", [], new BsonDocument("_id", 1), null, null), indexes));
        Assert.Equal("ix_mass_sends_org_state", IndexMatcher.Serving(
            new("mass_sends", "find", new BsonDocument { ["org_id"] = ObjectId.GenerateNewId(), ["state"] = 1 }, new BsonDocument("_id", -1), null, null), indexes)?.Index.Name);
    }

    [SkippableTheory]
    [InlineData(MassEmail.Core.Recipients.Criteria.FilterOperator.Equals, 4)]
    [InlineData(MassEmail.Core.Recipients.Criteria.FilterOperator.InList, 4)]
    [InlineData(MassEmail.Core.Recipients.Criteria.FilterOperator.StartsWith, 4)]
    [InlineData(MassEmail.Core.Recipients.Criteria.FilterOperator.Contains, 3)]
    public void Matcher_TextCriterion_IsServedByTheCriteriaKeysIndex(MassEmail.Core.Recipients.Criteria.FilterOperator op, int boundKeys)
    {
        // Equality and in-list are points on (k, v), starts-with an anchored case-sensitive range on v, contains only k.
        List<DeclaredIndex> indexes = Declared();
        var field = new MassEmail.Core.Recipients.Criteria.FieldPath("home_city", true, MassEmail.Core.Recipients.FieldType.String);
        BsonDocument condition = MassEmail.Storage.Mongo.Recipients.Criteria.FieldConditions.For(
            new MassEmail.Core.Recipients.Criteria.FieldFilter(field, op, [MassEmail.Core.Recipients.FieldValue.Of("Zü.r(ich")]));
        var filter = new BsonDocument { ["org_id"] = ObjectId.GenerateNewId(), ["module"] = 1 }.AddRange(condition);

        var served = IndexMatcher.Serving(new("records", "find", filter, [], null, null), indexes);

        Assert.Equal("ix_records_criteria_keys", served?.Index.Name);
        Assert.Equal(boundKeys, served?.BoundKeys);
    }

    /// <summary>The store's declared indexes and each collection's <c>_id_</c>.</summary>
    private List<DeclaredIndex> Declared()
    {
        MongoCollections collections = fixture.Store.Services.GetRequiredService<MongoCollections>();
        IEnumerable<string> names = typeof(MongoCollections).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IMongoCollection<>))
            .Select(p => (CollectionNamespace)p.PropertyType.GetProperty(nameof(IMongoCollection<BsonDocument>.CollectionNamespace))!.GetValue(p.GetValue(collections))!)
            .Select(n => n.CollectionName);
        return
        [
            .. MongoIndexes.Declared(collections).Select(i => new DeclaredIndex(i.Collection, i.Name, i.Keys, i.Unique, i.PartialFilter)),
            .. names.Select(name => new DeclaredIndex(name, "_id_", new BsonDocument("_id", 1), Unique: true, PartialFilter: null)),
        ];
    }
}
