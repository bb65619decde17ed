using System.Collections.Concurrent;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// The record reads that end in a domain record leave the criteria keys (an element per searchable value, written for
/// the criteria's indexes and never read back) on the server: a send reads the record of every recipient. A search with a
/// client condition joined per record is an aggregation, not a find, and leaves them out too. The custom fields each read
/// gives are converted on first use (<see cref="StoredCustomFields"/>).
/// </summary>
public sealed class MongoRecordReadTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [SkippableFact]
    public async Task RecordReads_EveryFind_LeavesTheCriteriaKeysOutAndTheCustomFieldsUnconverted()
    {
        _ = fixture.ConnectionString;
        await using Capture capture = await OpenAsync();
        var (org, records) = (capture.Org, capture.Records);
        RecipientRecord written = RecipientData.Record(org.Id) with { Custom = RecipientData.Custom(("city", FieldValue.Of("Berlin"))) };
        await records.UpsertAsync(org.Id, RecordModule.Candidates, [written], Ct);
        RecipientRecord stored = (await records.GetByExternalIdAsync(org.Id, RecordModule.Candidates, written.ExternalId, Ct))!;
        var (commands, replies) = capture.Clear();

        List<RecipientRecord?> read =
        [
            .. await records.GetManyAsync(org.Id, [stored.Id], Ct),
            await records.GetAsync(org.Id, stored.Id, Ct),
            await records.GetByExternalIdAsync(org.Id, RecordModule.Candidates, written.ExternalId, Ct),
            .. await records.FindByEmailKeyAsync(org.Id, RecordModule.Candidates, written.EmailKey, 10, Ct),
            .. await records.SearchAsync(new RecordSearch(org.Id, RecordModule.Candidates, null, null, 10), Ct),
        ];

        Assert.Equal(5, read.Count);
        Assert.All(read, r => Assert.IsType<StoredCustomFields>(r!.Custom));
        Assert.All(read, r => RecordAssert.Equal(stored, r));
        List<BsonDocument> finds = [.. commands.Where(c => c.Contains("find") && c["find"] == "records")];
        Assert.Equal(5, finds.Count);
        Assert.All(finds, f => Assert.Equal(new BsonDocument(CriteriaKeys.Field, 0), f.GetValue("projection", new BsonDocument()).AsBsonDocument));
        Assert.DoesNotContain(replies, r => r.Reply.ToJson().Contains(CriteriaKeys.Field, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task SearchAsync_ClientConditionJoined_LeavesTheCriteriaKeysOut()
    {
        _ = fixture.ConnectionString;
        await using Capture capture = await OpenAsync(new Dictionary<string, string?> { ["ClientConditionInlineLimit"] = "0" });
        var (org, records) = (capture.Org, capture.Records);
        RecipientRecord client = RecipientData.Record(org.Id, RecordModule.Clients, "k-1") with { Custom = RecipientData.Custom(("industry", FieldValue.Of("Software"))) };
        RecipientRecord written = RecipientData.Record(org.Id) with { ClientExternalId = "k-1", Custom = RecipientData.Custom(("city", FieldValue.Of("Berlin"))) };
        await records.UpsertAsync(org.Id, RecordModule.Clients, [client], Ct);
        await records.UpsertAsync(org.Id, RecordModule.Candidates, [written], Ct);
        RecipientRecord stored = (await records.GetByExternalIdAsync(org.Id, RecordModule.Candidates, written.ExternalId, Ct))!;
        var (commands, replies) = capture.Clear();

        var software = new ClientMatches(new FieldFilter(new FieldPath("industry", true, FieldType.String), FilterOperator.Equals, [FieldValue.Of("Software")]));
        IReadOnlyList<RecipientRecord> found = await records.SearchAsync(new RecordSearch(org.Id, RecordModule.Candidates, software, null, 10), Ct);

        RecordAssert.Equal(stored, Assert.Single(found));
        BsonDocument aggregate = Assert.Single(commands, c => c.Contains("aggregate"));
        BsonArray pipeline = aggregate["pipeline"].AsBsonArray;
        Assert.Equal(new BsonDocument("$project", new BsonDocument(CriteriaKeys.Field, 0)), pipeline[^1]);
        Assert.Contains(replies, r => r.Command == "aggregate");
        Assert.DoesNotContain(replies, r => r.Reply.ToJson().Contains(CriteriaKeys.Field, StringComparison.Ordinal));
    }

    /// <summary>A fresh store (with <paramref name="settings"/>) whose commands and replies are captured, and an organisation on it.</summary>
    private static async Task<Capture> OpenAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var commands = new ConcurrentQueue<BsonDocument>();
        var replies = new ConcurrentQueue<(string Command, BsonDocument Reply)>();
        StoreInstance store = await MongoStoreFixture.CapturingCommandsAndReplies(commands, replies, settings).OpenFreshAsync();
        await store.InitializeAsync();
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        return new Capture(store, org, commands, replies);
    }

    private sealed record Capture(
        StoreInstance Store, Organisation Org, ConcurrentQueue<BsonDocument> Commands, ConcurrentQueue<(string Command, BsonDocument Reply)> Replies) : IAsyncDisposable
    {
        public IRecordStore Records => Store.Get<IRecordStore>();

        /// <summary>Forgets what was captured so far (the set-up) and gives the queues that capture from now on.</summary>
        public (ConcurrentQueue<BsonDocument> Commands, ConcurrentQueue<(string Command, BsonDocument Reply)> Replies) Clear()
        {
            Commands.Clear();
            Replies.Clear();
            return (Commands, Replies);
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
