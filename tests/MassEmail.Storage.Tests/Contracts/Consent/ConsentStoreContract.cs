using MassEmail.Core;
using MassEmail.Core.Consent;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Consent;

/// <summary>
/// What every <see cref="IConsentStore"/> must do: a change is applied to the record or its list state and shows in
/// the record's history and in the outbox; the outbox hands changes out in write order until marked done; nothing
/// crosses organisations.
/// </summary>
public abstract class ConsentStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task ApplyAsync_OptOutAndListChanges_AppliedAndInHistoryNewestFirst()
    {
        var (orgId, record, list) = await SeedAsync();
        var store = Store<IConsentStore>();
        var changes = new[]
        {
            Change(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Link),
            Change(orgId, record.Id, list.Id, ConsentKind.Unsubscribed, ConsentSource.OneClick),
            Change(orgId, record.Id, list.Id, ConsentKind.Subscribed, ConsentSource.PreferencePage),
            Change(orgId, record.Id, null, ConsentKind.OptedIn, ConsentSource.Api),
        };

        var optedOut = false;
        foreach (var change in changes)
        {
            Assert.True(await store.ApplyAsync(change, Ct));
            optedOut = optedOut || change.Kind == ConsentKind.OptedOut;
            if (change.Kind == ConsentKind.OptedOut)
            {
                Assert.True((await Store<IRecordStore>().GetAsync(orgId, record.Id, Ct))!.EmailOptOut);
            }
            else if (change.Kind == ConsentKind.Unsubscribed)
            {
                Assert.Equal(SubscriptionState.Unsubscribed, (await Store<IListSubscriptionStore>().GetAsync(orgId, list.Id, record.Id, Ct))!.State);
            }
        }

        Assert.True(optedOut);
        Assert.False((await Store<IRecordStore>().GetAsync(orgId, record.Id, Ct))!.EmailOptOut);
        var subscription = await Store<IListSubscriptionStore>().GetAsync(orgId, list.Id, record.Id, Ct);
        Assert.Equal((SubscriptionState.Subscribed, ConsentSource.PreferencePage, changes[2].At), (subscription!.State, subscription.Source, subscription.At));
        Assert.Equal(changes.Reverse(), await store.HistoryAsync(orgId, record.Id, 10, Ct));
        Assert.Equal(changes.Reverse().Take(2), await store.HistoryAsync(orgId, record.Id, 2, Ct));
    }

    [SkippableFact]
    public async Task ApplyAsync_UnknownRecordOrOtherOrganisation_FalseAndNothingRecorded()
    {
        var (orgId, record, list) = await SeedAsync();
        var otherOrg = await NewOrgAsync();
        var store = Store<IConsentStore>();

        Assert.False(await store.ApplyAsync(Change(orgId, Ids.New(), null, ConsentKind.OptedOut, ConsentSource.Api), Ct));
        Assert.False(await store.ApplyAsync(Change(otherOrg, record.Id, null, ConsentKind.OptedOut, ConsentSource.Api), Ct));
        Assert.False(await store.ApplyAsync(Change(otherOrg, record.Id, list.Id, ConsentKind.Unsubscribed, ConsentSource.Api), Ct));

        Assert.False((await Store<IRecordStore>().GetAsync(orgId, record.Id, Ct))!.EmailOptOut);
        Assert.Null(await Store<IListSubscriptionStore>().GetAsync(otherOrg, list.Id, record.Id, Ct));
        Assert.Empty(await store.HistoryAsync(orgId, record.Id, 10, Ct));
        Assert.Empty(await store.HistoryAsync(otherOrg, record.Id, 10, Ct));
        Assert.DoesNotContain(await store.ReadPendingAsync(10_000, Ct), c => c.OrgId == otherOrg || c.RecordId == record.Id);
    }

    [SkippableFact]
    public async Task ReadPendingAsync_InWriteOrderUntilMarkedDone()
    {
        var (orgId, record, list) = await SeedAsync();
        var store = Store<IConsentStore>();
        var changes = new[]
        {
            Change(orgId, record.Id, list.Id, ConsentKind.Unsubscribed, ConsentSource.Link),
            Change(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Complaint),
            Change(orgId, record.Id, list.Id, ConsentKind.Subscribed, ConsentSource.Plugin),
        };
        foreach (var change in changes)
        {
            Assert.True(await store.ApplyAsync(change, Ct));
        }

        Assert.Equal(changes, Mine(await store.ReadPendingAsync(10_000, Ct)));

        await store.MarkDoneAsync([changes[0].Id, changes[1].Id, Ids.New(), "not-an-id"], Ct);

        Assert.Equal([changes[2]], Mine(await store.ReadPendingAsync(10_000, Ct)));
        Assert.Equal(changes.Reverse(), await store.HistoryAsync(orgId, record.Id, 10, Ct));
        await store.MarkDoneAsync([changes[2].Id], Ct);
        Assert.Empty(Mine(await store.ReadPendingAsync(10_000, Ct)));

        IEnumerable<ConsentChange> Mine(IEnumerable<ConsentChange> pending) => pending.Where(c => c.OrgId == orgId);
    }

    [SkippableFact]
    public async Task ClaimPendingAsync_TwoHolders_EachChangeToOneInWriteOrderUntilTheLeaseEnds()
    {
        var (orgId, record, list) = await SeedAsync();
        var store = Store<IConsentStore>();
        var changes = new[]
        {
            Change(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Link),
            Change(orgId, record.Id, list.Id, ConsentKind.Unsubscribed, ConsentSource.Api),
        };
        foreach (var change in changes)
        {
            Assert.True(await store.ApplyAsync(change, Ct));
        }

        var now = TestData.Now();
        var first = Mine(await store.ClaimPendingAsync("holder-a", 10_000, now, now.AddMinutes(2), Ct));
        var second = Mine(await store.ClaimPendingAsync("holder-b", 10_000, now, now.AddMinutes(2), Ct));
        var afterLease = Mine(await store.ClaimPendingAsync("holder-b", 10_000, now.AddMinutes(2), now.AddMinutes(4), Ct));

        Assert.Equal(changes, first.Select(c => c.Change));
        Assert.All(first, c => Assert.Empty(c.DoneTargets));
        Assert.Empty(second);
        Assert.Equal(changes, afterLease.Select(c => c.Change));

        List<PendingConsentChange> Mine(IEnumerable<PendingConsentChange> claimed) => [.. claimed.Where(c => c.Change.OrgId == orgId)];
    }

    [SkippableFact]
    public async Task DeferAsync_ByTheHolder_DueAgainAtItsTimeWithItsDoneTargets_ByAnotherNothing()
    {
        var (orgId, record, _) = await SeedAsync();
        var store = Store<IConsentStore>();
        var change = Change(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Api);
        Assert.True(await store.ApplyAsync(change, Ct));
        var now = TestData.Now();
        Assert.Contains(await store.ClaimPendingAsync("holder-a", 10_000, now, now.AddMinutes(2), Ct), c => c.Change.Id == change.Id);

        Assert.False(await store.DeferAsync(change.Id, "holder-b", now, ["x/y"], Ct));
        Assert.True(await store.DeferAsync(change.Id, "holder-a", now.AddMinutes(10), ["conn-1/list-1", "conn-2/list-2"], Ct));

        Assert.DoesNotContain(await store.ClaimPendingAsync("holder-b", 10_000, now.AddMinutes(9), now.AddMinutes(11), Ct), c => c.Change.Id == change.Id);
        var due = Assert.Single(await store.ClaimPendingAsync("holder-b", 10_000, now.AddMinutes(10), now.AddMinutes(12), Ct), c => c.Change.Id == change.Id);
        Assert.Equal(["conn-1/list-1", "conn-2/list-2"], due.DoneTargets.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task CountPendingAsync_CountsUntilMarkedDone_AndDoneChangesAreNeverClaimed()
    {
        var (orgId, record, _) = await SeedAsync();
        var store = Store<IConsentStore>();
        var change = Change(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Api);
        var before = await store.CountPendingAsync(Ct);
        Assert.True(await store.ApplyAsync(change, Ct));
        Assert.Equal(before + 1, await store.CountPendingAsync(Ct));

        await store.MarkDoneAsync([change.Id], Ct);

        Assert.Equal(before, await store.CountPendingAsync(Ct));
        var later = TestData.Now().AddDays(1);
        Assert.DoesNotContain(await store.ClaimPendingAsync("holder-a", 10_000, later, later.AddMinutes(2), Ct), c => c.Change.Id == change.Id);
    }

    private async Task<(string OrgId, RecipientRecord Record, MailingList List)> SeedAsync()
    {
        var orgId = await NewOrgAsync();
        var record = RecipientData.Record(orgId);
        await Store<IRecordStore>().UpsertAsync(orgId, RecordModule.Candidates, [record], Ct);
        var now = TestData.Now();
        var list = new MailingList(Ids.New(), orgId, RecordModule.Candidates, $"List {Guid.NewGuid():N}", false, null, now, now);
        await Store<IMailingListStore>().InsertAsync(list, Ct);
        return (orgId, record, list);
    }

    private static ConsentChange Change(string orgId, string recordId, string? listId, ConsentKind kind, string source) =>
        new(Ids.New(), orgId, recordId, listId, kind, source, TestData.Now());
}
