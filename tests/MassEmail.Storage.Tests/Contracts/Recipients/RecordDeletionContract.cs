using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// Issue 14, "when a record is deleted: remove from list": a delete leaves the record's tombstone (address, opt-out,
/// subscribed lists, time) in the same write, and a sync reads a module's tombstones since a time, by time then id.
/// </summary>
public abstract class RecordDeletionContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IRecordStore Records => Store<IRecordStore>();

    [SkippableFact]
    public async Task Delete_LeavesATombstone_WithTheAddressOptOutSubscribedListsAndTime()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord record = await InsertAsync(orgId, r => r with { EmailOptOut = true });
        IListSubscriptionStore subscriptions = Store<IListSubscriptionStore>();
        string[] subscribed = [Ids.New(), Ids.New()];
        var left = Ids.New();
        foreach (var list in subscribed)
        {
            await subscriptions.AddAsync(orgId, list, [record.Id], "api", TestData.Now(), Ct);
        }

        await subscriptions.SetAsync(new ListSubscription(orgId, left, record.Id, SubscriptionState.Unsubscribed, "recipient", TestData.Now()), Ct);
        var at = TestData.Now();

        Assert.True(await Records.DeleteAsync(orgId, record.Id, at, Ct));

        var tombstone = Assert.Single(await Records.DeletedSinceAsync(orgId, RecordModule.Candidates, at.AddSeconds(-1), null, 10, Ct));
        Assert.Equal((orgId, record.Id, RecordModule.Candidates, record.EmailNormalized, record.EmailKey, true, at),
            (tombstone.OrgId, tombstone.RecordId, tombstone.Module, tombstone.Email, tombstone.EmailKey, tombstone.EmailOptOut, tombstone.DeletedAt));
        Assert.NotEmpty(tombstone.Email);
        Assert.Equal(subscribed.Order(StringComparer.Ordinal), tombstone.SubscribedListIds);
        Assert.Empty(await Records.DeletedSinceAsync(orgId, RecordModule.Contacts, at.AddSeconds(-1), null, 10, Ct));
        Assert.Empty(await Records.DeletedSinceAsync(await NewOrgAsync(), RecordModule.Candidates, at.AddSeconds(-1), null, 10, Ct));
        Assert.Empty(await Records.DeletedSinceAsync(orgId, RecordModule.Candidates, at, null, 10, Ct));
    }

    [SkippableFact]
    public async Task Delete_OfNoRecord_LeavesNoTombstone()
    {
        var orgId = await NewOrgAsync();
        RecipientRecord foreign = await InsertAsync(await NewOrgAsync());
        var at = TestData.Now();

        Assert.False(await Records.DeleteAsync(orgId, foreign.Id, at, Ct));
        Assert.False(await Records.DeleteAsync(orgId, Ids.New(), at, Ct));

        Assert.Empty(await Records.DeletedSinceAsync(orgId, RecordModule.Candidates, at.AddDays(-1), null, 10, Ct));
        Assert.Empty(await Records.DeletedSinceAsync(foreign.OrgId, RecordModule.Candidates, at.AddDays(-1), null, 10, Ct));
        Assert.NotNull(await Records.GetAsync(foreign.OrgId, foreign.Id, Ct));
    }

    [SkippableFact]
    public async Task DeletedSince_PagesOfThree_ReturnEveryTombstoneOnce_ByTimeThenId()
    {
        var orgId = await NewOrgAsync();
        var start = TestData.Now();
        List<(DateTimeOffset At, string Id)> expected = [];
        for (var i = 0; i < 8; i++)
        {
            // Pairs share a time, so the record id breaks the tie.
            var at = start.AddSeconds(i / 2);
            RecipientRecord record = await InsertAsync(orgId);
            Assert.True(await Records.DeleteAsync(orgId, record.Id, at, Ct));
            expected.Add((at, record.Id));
        }

        List<RecordDeletion> read = [];
        (DateTimeOffset since, string? after) = (start.AddMilliseconds(-1), null);
        while (true)
        {
            var page = await Records.DeletedSinceAsync(orgId, RecordModule.Candidates, since, after, 3, Ct);
            read.AddRange(page);
            if (page.Count < 3)
            {
                break;
            }

            (since, after) = (page[^1].DeletedAt, page[^1].RecordId);
        }

        Assert.Equal(expected.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id), read.Select(d => d.RecordId));
        Assert.Empty(await Records.DeletedSinceAsync(orgId, RecordModule.Candidates, start, null, 0, Ct));
        Assert.Empty(await Records.DeletedSinceAsync("not-an-id", RecordModule.Candidates, start, null, 3, Ct));
    }

    private async Task<RecipientRecord> InsertAsync(string orgId, Func<RecipientRecord, RecipientRecord>? change = null)
    {
        RecipientRecord record = RecipientData.Record(orgId);
        record = change?.Invoke(record) ?? record;
        await Records.UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);
        return record;
    }
}
