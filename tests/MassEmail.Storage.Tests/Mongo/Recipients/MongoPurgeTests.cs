using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>
/// Issue 11 point 9: deleting a record or a list takes several writes (the owner, then its subscriptions); a kill -9
/// between them must leave nothing orphaned. Each test plants the store as a process killed at one line of the delete
/// left it (the marker written, the owner gone or not) and shows the next start finishing the delete, and only it.
/// </summary>
public sealed class MongoPurgeTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [SkippableFact]
    public async Task DeleteRecord_KilledAfterTheMarker_IsFinishedAtTheNextStart()
    {
        var (org, lists, doomed, kept) = await SeedAsync();
        await Collections.Purges.InsertOneAsync(PurgeDocument.For(PurgeDocument.RecordKind, org, doomed), cancellationToken: Ct);

        await fixture.Store.InitializeAsync();

        Assert.Null(await fixture.Store.Get<IRecordStore>().GetAsync(org, doomed, Ct));
        await AssertMembershipsAsync(org, lists, doomedMember: false, keptMember: true, doomed, kept);
        // The tombstone a "remove from list" sync reads, with the lists the record was on.
        var tombstone = Assert.Single(await fixture.Store.Get<IRecordStore>().DeletedSinceAsync(org, RecordModule.Candidates, DateTimeOffset.MinValue, null, 10, Ct));
        Assert.Equal(doomed, tombstone.RecordId);
        Assert.Equal(lists.Order(StringComparer.Ordinal), tombstone.SubscribedListIds);
        Assert.Equal(0, await Collections.Purges.CountDocumentsAsync(FilterDefinition<PurgeDocument>.Empty, cancellationToken: Ct));
    }

    [SkippableFact]
    public async Task DeleteRecord_KilledBetweenTheRecordAndItsSubscriptions_IsFinishedAtTheNextStart()
    {
        var (org, lists, doomed, kept) = await SeedAsync();
        await Collections.Purges.InsertOneAsync(PurgeDocument.For(PurgeDocument.RecordKind, org, doomed), cancellationToken: Ct);
        await Collections.Records.DeleteOneAsync(MassEmail.Storage.Mongo.Recipients.RecordFilters.ById(org, doomed), Ct);
        Assert.Equal(lists.Length, (await fixture.Store.Get<IListSubscriptionStore>().ListForRecordAsync(org, doomed, Ct)).Count);

        await fixture.Store.InitializeAsync();

        await AssertMembershipsAsync(org, lists, doomedMember: false, keptMember: true, doomed, kept);
        Assert.NotNull(await fixture.Store.Get<IRecordStore>().GetAsync(org, kept, Ct));
        Assert.Equal(0, await Collections.Purges.CountDocumentsAsync(FilterDefinition<PurgeDocument>.Empty, cancellationToken: Ct));
    }

    [SkippableFact]
    public async Task DeleteList_KilledBetweenTheListAndItsSubscriptions_IsFinishedAtTheNextStart_AndKeepsTheRecords()
    {
        var (org, lists, first, second) = await SeedAsync();
        await Collections.Purges.InsertOneAsync(PurgeDocument.For(PurgeDocument.ListKind, org, lists[0]), cancellationToken: Ct);
        await Collections.MailingLists.DeleteOneAsync(Builders<MailingListDocument>.Filter.Eq(d => d.Id, lists[0]), Ct);

        await fixture.Store.InitializeAsync();

        IListSubscriptionStore subscriptions = fixture.Store.Get<IListSubscriptionStore>();
        Assert.Empty(await subscriptions.GetManyAsync(org, lists[0], [first, second], Ct));
        Assert.Equal(2, (await subscriptions.GetManyAsync(org, lists[1], [first, second], Ct)).Count);
        Assert.NotNull(await fixture.Store.Get<IRecordStore>().GetAsync(org, first, Ct));
        Assert.Equal(0, await Collections.Purges.CountDocumentsAsync(FilterDefinition<PurgeDocument>.Empty, cancellationToken: Ct));
    }

    [SkippableFact]
    public async Task Deletes_ThatFinish_LeaveNoMarker_AndReportWhetherTheOwnerExisted()
    {
        var (org, lists, doomed, kept) = await SeedAsync();

        Assert.True(await fixture.Store.Get<IRecordStore>().DeleteAsync(org, doomed, TestData.Now(), Ct));
        Assert.False(await fixture.Store.Get<IRecordStore>().DeleteAsync(org, doomed, TestData.Now(), Ct));
        Assert.True(await fixture.Store.Get<IMailingListStore>().DeleteAsync(org, lists[1], Ct));

        await AssertMembershipsAsync(org, [lists[0]], doomedMember: false, keptMember: true, doomed, kept);
        Assert.Empty(await fixture.Store.Get<IListSubscriptionStore>().GetManyAsync(org, lists[1], [kept], Ct));
        Assert.Equal(0, await Collections.Purges.CountDocumentsAsync(FilterDefinition<PurgeDocument>.Empty, cancellationToken: Ct));
    }

    private MongoCollections Collections => fixture.Store.Services.GetRequiredService<MongoCollections>();

    /// <summary>An organisation with two static lists and two records, each a member of both.</summary>
    private async Task<(string Org, string[] Lists, string First, string Second)> SeedAsync()
    {
        _ = fixture.ConnectionString;
        Organisation org = TestData.Organisation();
        await fixture.Store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        IReadOnlyList<UpsertOutcome> records = await fixture.Store.Get<IRecordStore>().UpsertAsync(
            org.Id, RecordModule.Candidates, [RecipientData.Record(org.Id), RecipientData.Record(org.Id)], Ct);
        MailingList[] lists = [RecipientData.List(org.Id), RecipientData.List(org.Id)];
        foreach (MailingList list in lists)
        {
            await fixture.Store.Get<IMailingListStore>().InsertAsync(list, Ct);
            await fixture.Store.Get<IListSubscriptionStore>().AddAsync(org.Id, list.Id, [.. records.Select(r => r.RecordId)], "api", TestData.Now(), Ct);
        }

        return (org.Id, [.. lists.Select(l => l.Id)], records[0].RecordId, records[1].RecordId);
    }

    private async Task AssertMembershipsAsync(string org, string[] lists, bool doomedMember, bool keptMember, string doomed, string kept)
    {
        IListSubscriptionStore subscriptions = fixture.Store.Get<IListSubscriptionStore>();
        Assert.Equal(doomedMember ? lists.Length : 0, (await subscriptions.ListForRecordAsync(org, doomed, Ct)).Count);
        Assert.Equal(keptMember ? lists.Length : 0, (await subscriptions.ListForRecordAsync(org, kept, Ct)).Count);
    }
}
