using System.Collections.Concurrent;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// Issue 11 point 10: a send's snapshot streams a dynamic list's audience reading the list's states once (no lookup per
/// record in either pass), and the duplicate pass and the stream pass cannot disagree into an address nobody is sent to.
/// </summary>
public sealed class MongoAudienceStreamTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task StreamAsync_DynamicList_ReadsItsStatesOnce_AndLooksNothingUpPerRecord()
    {
        _ = fixture.ConnectionString;
        var commands = new ConcurrentQueue<BsonDocument>();
        var capturing = MongoStoreFixture.CapturingCommands(commands);
        await using StoreInstance store = await capturing.OpenFreshAsync();
        await store.InitializeAsync();
        var (org, records) = await SeedAsync(store, "x@example.com", "x@example.com", "y@example.com", "x@example.com");
        var listId = Ids.New();
        await store.Get<IListSubscriptionStore>().SetAsync(new ListSubscription(org, listId, records[0], SubscriptionState.Unsubscribed, "recipient", TestData.Now()), Ct);
        commands.Clear();

        List<AudienceMember> members = await store.Get<IAudienceStore>()
            .StreamAsync(new AudienceQuery(org, RecordModule.Candidates, null, null, listId, false), Ct).ToListAsync(Ct);

        Assert.Equal(
            [SkipReason.UnsubscribedFromList, SkipReason.None, SkipReason.None, SkipReason.Duplicate],
            members.Select(m => m.Skip));
        Assert.DoesNotContain(commands, c => c.ToString().Contains("$lookup", StringComparison.Ordinal));
        Assert.Single(commands, c => c.GetValue("find", "").ToString() == "list_subscriptions");
    }

    [SkippableFact]
    public async Task StreamAsync_KeeperOptsOutBetweenThePasses_TheNextHolderOfTheAddressIsStillSent()
    {
        _ = fixture.ConnectionString;
        string? database = null;
        ObjectId keeper = ObjectId.Empty;
        var aggregates = 0;

        // Just before the stream pass starts (the second aggregation on records), the first pass's keeper opts out.
        var interleaving = new MongoStoreFixture
        {
            ConfigureCluster = cb => cb.Subscribe<CommandStartedEvent>(e =>
            {
                if (e.CommandName == "aggregate" && e.Command.GetValue("aggregate", "").ToString() == "records" && Interlocked.Increment(ref aggregates) == 2)
                {
                    using var other = new MongoClient(fixture.ConnectionString);
                    other.GetDatabase(database).GetCollection<BsonDocument>("records").UpdateOne(
                        new BsonDocument("_id", keeper), new BsonDocument("$set", new BsonDocument("email_opt_out", true)));
                }
            }),
        };
        await using StoreInstance store = await interleaving.OpenFreshAsync();
        await store.InitializeAsync();
        database = store.Services.GetRequiredService<IOptions<MassEmail.Storage.Mongo.MongoStoreOptions>>().Value.Database;
        var (org, records) = await SeedAsync(store, "x@example.com", "x@example.com", "x@example.com");
        keeper = ObjectId.Parse(records[0]);
        aggregates = 0;

        List<AudienceMember> members = await store.Get<IAudienceStore>()
            .StreamAsync(new AudienceQuery(org, RecordModule.Candidates, null, null, null, false), Ct).ToListAsync(Ct);

        Assert.Equal(2, aggregates);
        Assert.Equal([SkipReason.OptedOut, SkipReason.None, SkipReason.Duplicate], members.Select(m => m.Skip));
    }

    /// <summary>An organisation with one candidate per address, inserted in order (ids ascend); their ids.</summary>
    private static async Task<(string Org, string[] Records)> SeedAsync(StoreInstance store, params string[] emails)
    {
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        var ids = new List<string>();
        foreach (var (email, i) in emails.Select((e, i) => (e, i)))
        {
            RecipientRecord record = RecipientData.Record(org.Id, RecordModule.Candidates, $"s{i}").WithEmail(email, EmailStatus.Valid);
            ids.Add((await store.Get<IRecordStore>().UpsertAsync(org.Id, RecordModule.Candidates, [record], Ct))[0].RecordId);
        }

        return (org.Id, [.. ids]);
    }
}
