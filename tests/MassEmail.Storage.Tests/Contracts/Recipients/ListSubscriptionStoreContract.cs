using MassEmail.Core;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="IListSubscriptionStore"/> must do: unsubscriptions are kept for good.</summary>
public abstract class ListSubscriptionStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IListSubscriptionStore Subscriptions => Store<IListSubscriptionStore>();

    [SkippableFact]
    public async Task AddAsync_NewRecords_SubscribesThemWithSourceAndTime()
    {
        var orgId = await NewOrgAsync();
        string listId = Ids.New(), a = Ids.New(), b = Ids.New();
        DateTimeOffset at = TestData.Now();

        Assert.Equal(2, await Subscriptions.AddAsync(orgId, listId, [a, b, a], "plugin:zoho", at, Ct));

        Assert.Equal(new ListSubscription(orgId, listId, a, SubscriptionState.Subscribed, "plugin:zoho", at), await Subscriptions.GetAsync(orgId, listId, a, Ct));
        Assert.Equal(new ListSubscription(orgId, listId, b, SubscriptionState.Subscribed, "plugin:zoho", at), await Subscriptions.GetAsync(orgId, listId, b, Ct));
    }

    [SkippableFact]
    public async Task AddAsync_AlreadySubscribed_CountsZeroAndKeepsFirstSourceAndTime()
    {
        var orgId = await NewOrgAsync();
        string listId = Ids.New(), a = Ids.New();
        DateTimeOffset at = TestData.Now();
        await Subscriptions.AddAsync(orgId, listId, [a], "api", at, Ct);

        Assert.Equal(0, await Subscriptions.AddAsync(orgId, listId, [a], "import", at.AddHours(1), Ct));

        Assert.Equal(new ListSubscription(orgId, listId, a, SubscriptionState.Subscribed, "api", at), await Subscriptions.GetAsync(orgId, listId, a, Ct));
    }

    [SkippableFact]
    public async Task AddAsync_Unsubscribed_StaysUnsubscribed()
    {
        var orgId = await NewOrgAsync();
        string listId = Ids.New(), a = Ids.New(), b = Ids.New();
        var unsubscribed = new ListSubscription(orgId, listId, a, SubscriptionState.Unsubscribed, "recipient", TestData.Now());
        await Subscriptions.SetAsync(unsubscribed, Ct);

        Assert.Equal(1, await Subscriptions.AddAsync(orgId, listId, [a, b], "api", TestData.Now().AddHours(1), Ct));

        Assert.Equal(unsubscribed, await Subscriptions.GetAsync(orgId, listId, a, Ct));
        Assert.Equal(SubscriptionState.Subscribed, (await Subscriptions.GetAsync(orgId, listId, b, Ct))!.State);
    }

    [SkippableFact]
    public async Task RemoveAsync_MixedStates_RemovesSubscribedAndKeepsUnsubscribed()
    {
        var orgId = await NewOrgAsync();
        string listId = Ids.New(), a = Ids.New(), b = Ids.New(), gone = Ids.New(), otherList = Ids.New();
        await Subscriptions.AddAsync(orgId, listId, [a], "api", TestData.Now(), Ct);
        await Subscriptions.AddAsync(orgId, otherList, [a], "api", TestData.Now(), Ct);
        var unsubscribed = new ListSubscription(orgId, listId, b, SubscriptionState.Unsubscribed, "recipient", TestData.Now());
        await Subscriptions.SetAsync(unsubscribed, Ct);

        Assert.Equal(1, await Subscriptions.RemoveAsync(orgId, listId, [a, b, gone], Ct));

        Assert.Null(await Subscriptions.GetAsync(orgId, listId, a, Ct));
        Assert.Equal(unsubscribed, await Subscriptions.GetAsync(orgId, listId, b, Ct));
        Assert.NotNull(await Subscriptions.GetAsync(orgId, otherList, a, Ct));
        Assert.Equal(0, await Subscriptions.RemoveAsync(orgId, listId, [], Ct));
    }

    [SkippableFact]
    public async Task SetAsync_NewThenChanged_CreatesThenReplacesStateSourceAndTime()
    {
        var orgId = await NewOrgAsync();
        var first = new ListSubscription(orgId, Ids.New(), Ids.New(), SubscriptionState.Subscribed, "api", TestData.Now());
        await Subscriptions.SetAsync(first, Ct);
        Assert.Equal(first, await Subscriptions.GetAsync(orgId, first.ListId, first.RecordId, Ct));

        ListSubscription second = first with { State = SubscriptionState.Unsubscribed, Source = "recipient", At = first.At.AddDays(1) };
        await Subscriptions.SetAsync(second, Ct);
        Assert.Equal(second, await Subscriptions.GetAsync(orgId, first.ListId, first.RecordId, Ct));

        ListSubscription third = second with { State = SubscriptionState.Subscribed, Source = "plugin:mailchimp", At = second.At.AddDays(1) };
        await Subscriptions.SetAsync(third, Ct);
        Assert.Equal(third, await Subscriptions.GetAsync(orgId, first.ListId, first.RecordId, Ct));
    }

    [SkippableFact]
    public async Task ListForRecordAsync_StatesOnSeveralLists_ReturnsThemOrderedByListIdInOrgOnly()
    {
        var orgId = await NewOrgAsync();
        var recordId = Ids.New();
        string[] lists = [Ids.New(), Ids.New(), Ids.New()];
        await Subscriptions.SetAsync(new ListSubscription(orgId, lists[2], recordId, SubscriptionState.Unsubscribed, "recipient", TestData.Now()), Ct);
        await Subscriptions.AddAsync(orgId, lists[0], [recordId], "api", TestData.Now(), Ct);
        await Subscriptions.AddAsync(orgId, lists[1], [recordId, Ids.New()], "api", TestData.Now(), Ct);
        await Subscriptions.AddAsync(await NewOrgAsync(), Ids.New(), [recordId], "api", TestData.Now(), Ct);

        IReadOnlyList<ListSubscription> states = await Subscriptions.ListForRecordAsync(orgId, recordId, Ct);

        Assert.Equal(lists.Order(StringComparer.Ordinal), states.Select(s => s.ListId));
        Assert.Equal(
            lists.Order(StringComparer.Ordinal).Select(l => l == lists[2] ? SubscriptionState.Unsubscribed : SubscriptionState.Subscribed),
            states.Select(s => s.State));
    }

    [SkippableFact]
    public async Task GetManyAsync_MixedRecords_ReturnsTheStatesOfThisListOnly()
    {
        var orgId = await NewOrgAsync();
        string listId = Ids.New(), otherList = Ids.New(), subscribed = Ids.New(), unsubscribed = Ids.New(), none = Ids.New(), elsewhere = Ids.New();
        DateTimeOffset at = TestData.Now();
        await Subscriptions.AddAsync(orgId, listId, [subscribed], "api", at, Ct);
        var gone = new ListSubscription(orgId, listId, unsubscribed, SubscriptionState.Unsubscribed, "recipient", at);
        await Subscriptions.SetAsync(gone, Ct);
        await Subscriptions.AddAsync(orgId, otherList, [elsewhere, none], "api", at, Ct);
        await Subscriptions.AddAsync(await NewOrgAsync(), listId, [none], "api", at, Ct);

        IReadOnlyList<ListSubscription> states = await Subscriptions.GetManyAsync(orgId, listId, [subscribed, unsubscribed, none, elsewhere, "not-an-id"], Ct);

        Assert.Equal(
            [new ListSubscription(orgId, listId, subscribed, SubscriptionState.Subscribed, "api", at), gone],
            states.OrderBy(s => s.RecordId == subscribed ? 0 : 1));
        Assert.Empty(await Subscriptions.GetManyAsync(orgId, listId, [], Ct));
    }

    [SkippableFact]
    public async Task EveryMethod_OtherOrg_SeesAndChangesNothing()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        string listId = Ids.New(), a = Ids.New();
        await Subscriptions.AddAsync(orgId, listId, [a], "api", TestData.Now(), Ct);
        ListSubscription stored = (await Subscriptions.GetAsync(orgId, listId, a, Ct))!;

        Assert.Null(await Subscriptions.GetAsync(otherOrg, listId, a, Ct));
        Assert.Empty(await Subscriptions.ListForRecordAsync(otherOrg, a, Ct));
        Assert.Empty(await Subscriptions.GetManyAsync(otherOrg, listId, [a], Ct));
        Assert.Equal(0, await Subscriptions.RemoveAsync(otherOrg, listId, [a], Ct));
        await Subscriptions.SetAsync(stored with { OrgId = otherOrg, State = SubscriptionState.Unsubscribed }, Ct);

        Assert.Equal(stored, await Subscriptions.GetAsync(orgId, listId, a, Ct));
        Assert.Equal(SubscriptionState.Unsubscribed, (await Subscriptions.GetAsync(otherOrg, listId, a, Ct))!.State);
    }

    [SkippableFact]
    public async Task SubscribedSinceAsync_PagesSubscriptionsAfterTheCursorByTimeThenRecord_LeavingUnsubscribedOut()
    {
        var orgId = await NewOrgAsync();
        var listId = Ids.New();
        var t0 = TestData.Now();
        string[] ids = [.. Enumerable.Range(0, 4).Select(_ => Ids.New()).Order(StringComparer.Ordinal)];
        await Subscriptions.AddAsync(orgId, listId, [ids[0]], "api", t0, Ct);
        await Subscriptions.AddAsync(orgId, listId, [ids[3], ids[1]], "api", t0.AddSeconds(1), Ct);
        await Subscriptions.AddAsync(orgId, listId, [ids[2]], "api", t0.AddSeconds(2), Ct);
        await Subscriptions.SetAsync(new ListSubscription(orgId, listId, Ids.New(), SubscriptionState.Unsubscribed, "recipient", t0.AddSeconds(3)), Ct);
        await Subscriptions.AddAsync(orgId, Ids.New(), [Ids.New()], "api", t0.AddSeconds(1), Ct);

        var first = await Subscriptions.SubscribedSinceAsync(orgId, listId, t0, null, 1, Ct);
        var rest = await Subscriptions.SubscribedSinceAsync(orgId, listId, first[0].At, first[0].RecordId, 10, Ct);

        Assert.Equal([ids[1]], first.Select(s => s.RecordId));
        Assert.Equal([ids[3], ids[2]], rest.Select(s => s.RecordId));
        Assert.Equal([ids[0], ids[1], ids[3], ids[2]], (await Subscriptions.SubscribedSinceAsync(orgId, listId, DateTimeOffset.UnixEpoch, null, 10, Ct)).Select(s => s.RecordId));
    }
}
