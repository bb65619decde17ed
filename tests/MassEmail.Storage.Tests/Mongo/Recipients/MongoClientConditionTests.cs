using System.Collections.Concurrent;
using System.Net;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// Issue 11 point 8: a client condition no longer inlines every matching client's external id into the records' query
/// (a command past 16 MB fails), and every query of a criteria evaluation carries a time limit whose expiry callers see
/// as a precise error.
/// </summary>
public sealed class MongoClientConditionTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private const int InlineLimit = 1000;
    private const int SoftwareClients = InlineLimit + 50;

    private static readonly CancellationToken Ct = CancellationToken.None;

    private static readonly ClientMatches SoftwareClient =
        new(new FieldFilter(new FieldPath("industry", true, FieldType.String), FilterOperator.Equals, [FieldValue.Of("SOFTWARE")]));

    [SkippableFact]
    public async Task ClientCondition_MatchingMoreClientsThanTheInlineLimit_JoinsEachRecordsClient_AndEveryCommandStaysSmall()
    {
        _ = fixture.ConnectionString;
        var commands = new ConcurrentQueue<BsonDocument>();
        await using StoreInstance store = await MongoStoreFixture.CapturingCommands(commands).OpenFreshAsync();
        await store.InitializeAsync();
        var (org, expected) = await SeedAsync(store);
        commands.Clear();

        IReadOnlyList<RecipientRecord> found = await store.Get<IRecordStore>().SearchAsync(new RecordSearch(org, RecordModule.Candidates, SoftwareClient, null, 100), Ct);
        var query = new AudienceQuery(org, RecordModule.Candidates, SoftwareClient, null, null, false);
        long counted = await store.Get<IAudienceStore>().CountBeforeDuplicatesAsync(query, Ct);
        List<AudienceMember> streamed = await store.Get<IAudienceStore>().StreamAsync(query, Ct).ToListAsync(Ct);

        Assert.Equal(expected, found.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, counted);
        Assert.Equal(expected, streamed.Select(m => m.ExternalId).Order(StringComparer.Ordinal));

        // The matching clients' external ids alone are over 200 KB: inlined, each of those commands would carry them all.
        var inlinedBytes = SoftwareClients * ExternalIdOf(0, "s").Length;
        Assert.True(inlinedBytes > 200_000);
        var largest = commands.Max(c => c.ToBson().Length);
        Assert.True(largest < 16_000, $"the largest command was {largest} bytes");
        Assert.Contains(commands, c => c.ToString().Contains("$lookup", StringComparison.Ordinal));

        // The look-up of the matching clients reads at most one more than the limit, their external ids only.
        List<BsonDocument> clientLookups = [.. commands.Where(c => c.GetValue("find", "").ToString() == "records")];
        Assert.Equal(3, clientLookups.Count);
        Assert.All(clientLookups, c => Assert.Equal(InlineLimit + 1, c["limit"].ToInt32()));
    }

    [SkippableFact]
    public async Task EveryCriteriaQuery_CarriesTheConfiguredTimeLimit()
    {
        _ = fixture.ConnectionString;
        var commands = new ConcurrentQueue<BsonDocument>();
        var limited = new MongoStoreFixture
        {
            ConfigureCluster = MongoStoreFixture.CapturingCommands(commands).ConfigureCluster,
            StoreSettings = new Dictionary<string, string?> { ["QueryTimeLimit"] = "00:00:07", ["SnapshotTimeLimit"] = "00:00:09", ["ClientConditionInlineLimit"] = "0" },
        };
        await using StoreInstance store = await limited.OpenFreshAsync();
        await store.InitializeAsync();
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        await store.Get<IRecordStore>().UpsertAsync(org.Id, RecordModule.Clients, [Client(org.Id, "k-1", "Software")], Ct);
        await store.Get<IRecordStore>().UpsertAsync(org.Id, RecordModule.Candidates, [RecipientData.Record(org.Id) with { ClientExternalId = "k-1" }], Ct);
        commands.Clear();

        var query = new AudienceQuery(org.Id, RecordModule.Candidates, SoftwareClient, null, null, false);
        Assert.Single(await store.Get<IRecordStore>().SearchAsync(new RecordSearch(org.Id, RecordModule.Candidates, SoftwareClient, null, 10), Ct));
        Assert.Equal(1, (await store.Get<IAudienceStore>().CountAsync(query, Ct)).Total);
        Assert.Single(await store.Get<IAudienceStore>().SampleAsync(query, 10, Ct));
        List<BsonDocument> interactive = Reads(commands);
        commands.Clear();
        Assert.Single(await store.Get<IAudienceStore>().StreamAsync(query, Ct).ToListAsync(Ct));
        List<BsonDocument> snapshot = Reads(commands);

        // Search: client look-up, aggregation; count and sample: the same two each.
        Assert.Equal(6, interactive.Count);
        Assert.All(interactive, c => Assert.Equal(7000, c.GetValue("maxTimeMS", 0).ToInt32()));

        // The snapshot: the client look-up (an interactive-sized query), then its two passes over the audience.
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(7000, snapshot[0].GetValue("maxTimeMS", 0).ToInt32());
        Assert.All(snapshot.Skip(1), c => Assert.Equal(9000, c.GetValue("maxTimeMS", 0).ToInt32()));
    }

    private static List<BsonDocument> Reads(IEnumerable<BsonDocument> commands) =>
        [.. commands.Where(c => c.Contains("find") || c.Contains("aggregate"))];

    [Fact]
    public async Task TimeLimitedAsync_ServerStoppedTheQuery_ReportsTheTimeLimit()
    {
        var connection = new ConnectionId(new ServerId(new ClusterId(), new DnsEndPoint("localhost", 27017)));

        QueryTimeLimitException e = await Assert.ThrowsAsync<QueryTimeLimitException>(() => MongoErrors.TimeLimitedAsync<int>(
            "record search", TimeSpan.FromSeconds(30), () => throw new MongoExecutionTimeoutException(connection, "operation exceeded time limit")));

        Assert.Equal("record search", e.Operation);
        Assert.Equal(TimeSpan.FromSeconds(30), e.Limit);
        Assert.Contains("30 s", e.Message, StringComparison.Ordinal);
    }

    private static string ExternalIdOf(int i, string kind) => $"{kind}-{i:0000}-".PadRight(200, 'x');

    private static RecipientRecord Client(string org, string externalId, string industry) =>
        RecipientData.Record(org, RecordModule.Clients, externalId) with { Custom = RecipientData.Custom(("industry", FieldValue.Of(industry))) };

    /// <summary>
    /// More software clients than the limit, a few retail ones, and candidates: one per tenth software client, two
    /// of retail clients, two without a client and one whose client does not exist.
    /// </summary>
    private static async Task<(string Org, List<string> Expected)> SeedAsync(StoreInstance store)
    {
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        IRecordStore records = store.Get<IRecordStore>();
        await records.UpsertAsync(
            org.Id,
            RecordModule.Clients,
            [.. Enumerable.Range(0, SoftwareClients).Select(i => Client(org.Id, ExternalIdOf(i, "s"), i % 2 == 0 ? "Software" : "software")),
             .. Enumerable.Range(0, 3).Select(i => Client(org.Id, ExternalIdOf(i, "r"), "Retail"))],
            Ct);
        List<RecipientRecord> candidates =
        [
            .. Enumerable.Range(0, SoftwareClients / 100).Select(i => RecipientData.Record(org.Id, RecordModule.Candidates, $"cand-s-{i}") with { ClientExternalId = ExternalIdOf(i * 100, "s") }),
            .. Enumerable.Range(0, 2).Select(i => RecipientData.Record(org.Id, RecordModule.Candidates, $"cand-r-{i}") with { ClientExternalId = ExternalIdOf(i, "r") }),
            .. Enumerable.Range(0, 2).Select(i => RecipientData.Record(org.Id, RecordModule.Candidates, $"cand-none-{i}")),
            RecipientData.Record(org.Id, RecordModule.Candidates, "cand-missing") with { ClientExternalId = ExternalIdOf(9999, "s") },
        ];
        await records.UpsertAsync(org.Id, RecordModule.Candidates, candidates, Ct);
        return (org.Id, [.. candidates.Where(c => c.ExternalId.StartsWith("cand-s-", StringComparison.Ordinal)).Select(c => c.ExternalId).Order(StringComparer.Ordinal)]);
    }
}
