using MassEmail.Contracts.V1;
using MassEmail.Core.Consent;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14 acceptance "a Zoho remote unsubscribe found by polling becomes a local opt-out; a local opt-out reaches
/// both vendors; a later remote subscribe does not undo it" (opt-out anywhere wins), through the server's own workers
/// against the fake Zoho Campaigns and the fake Mailchimp: also two instances on one store publishing each opt-out
/// once, and a vendor outage that neither blocks the other vendor nor loses the opt-out. Waits are on the fakes' and
/// the store's state, never on time.
/// </summary>
public abstract class OptOutFlowTests(StoreKind store) : IAsyncLifetime
{
    private readonly List<MassEmailServer> servers = [];
    private FakeZohoCampaigns zoho = null!;
    private FakeMailchimp mailchimp = null!;

    public async Task InitializeAsync()
    {
        zoho = await FakeZohoCampaigns.StartAsync(TimeProvider.System);
        zoho.AddList(OptOutSetup.ZohoList, "Candidates");
        zoho.AddList(OptOutSetup.ZohoNewsList, "News");
        mailchimp = await FakeMailchimp.StartAsync(TimeProvider.System);
        mailchimp.AddList(OptOutSetup.MailchimpList);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        await zoho.DisposeAsync();
        await mailchimp.DisposeAsync();
    }

    [SkippableFact]
    public async Task ZohoRemoteUnsubscribe_FoundByPolling_LocalOptOutReachingBothVendors_LaterRemoteSubscribeUndoesNothing()
    {
        var setup = await OptOutSetup.CreateAsync(Start(), 2);
        var (ada, bob) = (setup.Candidates[0], setup.Candidates[1]);

        zoho.RemoteUnsubscribe(OptOutSetup.ZohoList, ada.Email);

        await Progress.WaitAsync(() => setup.OptedOutAsync(ada.Id), optedOut => optedOut, _ => zoho.Calls.Count, _ => "the Zoho unsubscribe was not polled into a local opt-out");
        var change = (await setup.HistoryAsync(ada.Id))[0];
        Assert.Equal((Contracts.V1.ConsentKind.OptedOut, ConsentSource.Plugin), (change.Kind, change.Source));
        await WaitAsync(() => mailchimp.Member(OptOutSetup.MailchimpList, ada.Email)?.Status == "unsubscribed", "the opt-out never reached Mailchimp");
        await WaitAsync(() => zoho.List(OptOutSetup.ZohoList).History(ada.Email).Count(op => op == "unsubscribe") == 2, "the opt-out never reached Zoho");
        Assert.False(await setup.OptedOutAsync(bob.Id));

        // Both vendors show the contact subscribed again; at least two more polls of Zoho read that.
        zoho.RemoteSubscribe(OptOutSetup.ZohoList, ada.Email);
        mailchimp.RemoteSubscribe(OptOutSetup.MailchimpList, ada.Email);
        var polls = Polls();
        await WaitAsync(() => Polls() >= polls + 4, "Zoho was not polled again");

        Assert.True(await setup.OptedOutAsync(ada.Id));
        Assert.Equal([Contracts.V1.ConsentKind.OptedOut], (await setup.HistoryAsync(ada.Id)).Where(c => c.Kind != Contracts.V1.ConsentKind.Subscribed).Select(c => c.Kind));
        Assert.Equal(["unsubscribe", "unsubscribe", "subscribe"], zoho.List(OptOutSetup.ZohoList).History(ada.Email));
        Assert.Equal(["unsubscribed", "subscribed"], mailchimp.History(OptOutSetup.MailchimpList, ada.Email));

    }

    [SkippableFact]
    public async Task LocalOptOut_ReachesBothVendors_AndTheOutboxEmpties()
    {
        var server = Start();
        var setup = await OptOutSetup.CreateAsync(server, 1);
        var ada = setup.Candidates[0];

        await setup.OptOutAsync(ada.Id);

        await WaitAsync(() => zoho.List(OptOutSetup.ZohoList).State(ada.Email) == "unsub", "the opt-out never reached Zoho");
        await WaitAsync(() => mailchimp.Member(OptOutSetup.MailchimpList, ada.Email)?.Status == "unsubscribed", "the opt-out never reached Mailchimp");
        await Progress.WaitAsync(() => Pending(server), n => n == 0, n => n, n => $"{n} outbox entries left");
    }

    [SkippableFact]
    public async Task LeavingASyncedLocalList_ReachesOnlyThatDefinitionsRemoteList()
    {
        var server = Start();
        var setup = await OptOutSetup.CreateAsync(server, 1);
        var ada = setup.Candidates[0];

        await setup.Recipients.SetListSubscriptionAsync(new SetListSubscriptionRequest { ListId = setup.ListId, RecordId = ada.Id, State = SubscriptionState.Unsubscribed });

        await WaitAsync(() => zoho.List(OptOutSetup.ZohoNewsList).State(ada.Email) == "unsub", "the list unsubscription never reached the definition's Zoho list");
        await Progress.WaitAsync(() => Pending(server), n => n == 0, n => n, n => $"{n} outbox entries left");

        // Zoho's lists are polled several times more: the news list shows ada unsubscribed, which is a list unsubscription here.
        var polls = Polls();
        await WaitAsync(() => Polls() >= polls + 8, "Zoho was not polled again");
        Assert.Null(zoho.List(OptOutSetup.ZohoList).State(ada.Email));
        Assert.Null(mailchimp.Member(OptOutSetup.MailchimpList, ada.Email));
        Assert.False(await setup.OptedOutAsync(ada.Id));
        Assert.Equal([Contracts.V1.ConsentKind.Unsubscribed], (await setup.HistoryAsync(ada.Id)).Where(c => c.Kind != Contracts.V1.ConsentKind.Subscribed).Select(c => c.Kind));
    }

    [SkippableFact]
    public async Task TwoInstancesOnOneStore_EachOptOutPublishedOnceToEachVendor()
    {
        var a = Start();
        var b = Start(shareWith: a);
        var setup = await OptOutSetup.CreateAsync(a, 20);

        foreach (var (id, _) in setup.Candidates)
        {
            await setup.OptOutAsync(id);
        }

        await WaitAsync(() => setup.Candidates.All(c => zoho.List(OptOutSetup.ZohoList).State(c.Email) == "unsub"), "not every opt-out reached Zoho");
        await WaitAsync(() => setup.Candidates.All(c => mailchimp.Member(OptOutSetup.MailchimpList, c.Email)?.Status == "unsubscribed"), "not every opt-out reached Mailchimp");
        await Progress.WaitAsync(() => Pending(b), n => n == 0, n => n, n => $"{n} outbox entries left");

        Assert.All(setup.Candidates, c => Assert.Equal(["unsubscribe"], zoho.List(OptOutSetup.ZohoList).History(c.Email)));
        Assert.All(setup.Candidates, c => Assert.Equal(["unsubscribed"], mailchimp.History(OptOutSetup.MailchimpList, c.Email)));
    }

    [SkippableFact]
    public async Task OutboxEntriesClaimedByAKilledInstance_PublishedOnceByAnotherAfterTheLeaseEnds()
    {
        var killed = Start(workers: false);
        var setup = await OptOutSetup.CreateAsync(killed, 3);
        foreach (var (id, _) in setup.Candidates)
        {
            await setup.OptOutAsync(id);
        }

        // As a worker killed (kill -9) in the middle of publishing leaves them: claimed, its lease running a second more.
        var now = DateTimeOffset.UtcNow;
        var claimed = await killed.Services.GetRequiredService<IConsentStore>().ClaimPendingAsync("killed-instance", 10_000, now, now.AddSeconds(1), CancellationToken.None);
        Assert.Equal(3, claimed.Count(c => c.Change.Kind == MassEmail.Core.Consent.ConsentKind.OptedOut));

        var survivor = Start(shareWith: killed);

        await WaitAsync(() => setup.Candidates.All(c => mailchimp.Member(OptOutSetup.MailchimpList, c.Email)?.Status == "unsubscribed"), "the killed instance's opt-outs never reached Mailchimp");
        await WaitAsync(() => setup.Candidates.All(c => zoho.List(OptOutSetup.ZohoList).State(c.Email) == "unsub"), "the killed instance's opt-outs never reached Zoho");
        await Progress.WaitAsync(() => Pending(survivor), n => n == 0, n => n, n => $"{n} outbox entries left");
        Assert.All(setup.Candidates, c => Assert.Equal(["unsubscribed"], mailchimp.History(OptOutSetup.MailchimpList, c.Email)));
    }

    [SkippableFact]
    public async Task ZohoOutageAndMailchimpThrottling_MailchimpNotBlocked_ZohoGetsItAfterRecovery_NothingSentTwice()
    {
        var server = Start();
        var setup = await OptOutSetup.CreateAsync(server, 1);
        var ada = setup.Candidates[0];
        zoho.Unavailable = true;
        mailchimp.ThrottleNext(2);

        await setup.OptOutAsync(ada.Id);

        await WaitAsync(() => mailchimp.Member(OptOutSetup.MailchimpList, ada.Email)?.Status == "unsubscribed", "Mailchimp never got the opt-out");
        await WaitAsync(() => zoho.OutageCalls >= 2, "Zoho was not tried again during its outage");
        Assert.Null(zoho.List(OptOutSetup.ZohoList).State(ada.Email));
        Assert.True(await Pending(server) > 0);

        zoho.Unavailable = false;

        await WaitAsync(() => zoho.List(OptOutSetup.ZohoList).State(ada.Email) == "unsub", "Zoho never got the opt-out after its recovery");
        await Progress.WaitAsync(() => Pending(server), n => n == 0, n => n, n => $"{n} outbox entries left");
        Assert.Equal(["unsubscribed"], mailchimp.History(OptOutSetup.MailchimpList, ada.Email));
    }

    [SkippableFact]
    public async Task SameZohoUnsubscribe_ByWebhookOrByPolling_SameLocalResult_ViewSyncedListOptsOut_ListSyncedListIsLeft()
    {
        var server = Start(kestrel: true);
        var results = new List<(string Case, ZohoSyncedOrg.Result Result)>();

        foreach (var fromList in new[] { false, true })
        {
            foreach (var byWebhook in new[] { true, false })
            {
                var org = await ZohoSyncedOrg.CreateAsync(server, zoho, fromList, byWebhook);
                if (byWebhook)
                {
                    using var client = new HttpClient();
                    using var response = await client.PostAsync(
                        new Uri(org.WebhookUrl),
                        new StringContent($"{{\"action\":\"unsubscribed\",\"data\":[{{\"contact_email\":\"{org.Email}\"}}]}}", System.Text.Encoding.UTF8, "application/json"));
                    Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                }
                else
                {
                    zoho.RemoteUnsubscribe(org.RemoteList, org.Email);
                    await Progress.WaitAsync(
                        () => org.ResultAsync(server), r => r.Changes.Length > 0, _ => zoho.Calls.Count, _ => "the Zoho unsubscribe was not polled into a local change");
                }

                results.Add(($"{(fromList ? "list" : "view")} by {(byWebhook ? "webhook" : "polling")}", await org.ResultAsync(server)));
            }
        }

        var optedOut = new ZohoSyncedOrg.Result(OptedOut: true, ListState: "Subscribed", Changes: "OptedOut plugin everywhere");
        var leftList = new ZohoSyncedOrg.Result(OptedOut: false, ListState: "Unsubscribed", Changes: "Unsubscribed plugin list");
        Assert.Equal(
            [("view by webhook", optedOut), ("view by polling", optedOut), ("list by webhook", leftList), ("list by polling", leftList)],
            results);
    }

    private int Polls() => zoho.Calls.Count(c => c.Endpoint == "getlistsubscribers");

    private static Task<long> Pending(MassEmailServer server) => server.Services.GetRequiredService<IConsentStore>().CountPendingAsync(CancellationToken.None);

    private Task WaitAsync(Func<bool> done, string what) =>
        Progress.WaitAsync(() => (Done: done(), Calls: zoho.Calls.Count + mailchimp.BatchSizes.Count), o => o.Done, o => o.Calls, _ => what);

    private MassEmailServer Start(MassEmailServer? shareWith = null, bool workers = true, bool kestrel = false)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        var settings = new Dictionary<string, string?>
        {
            ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = zoho.BaseAddress.ToString(),
            ["Plugins:ZohoCampaigns:CampaignsBaseUrl"] = zoho.BaseAddress.ToString(),
            ["Plugins:ZohoCampaigns:Transport:OutageBackoff"] = "00:00:00.300",
            ["Plugins:Mailchimp:BaseUrl"] = mailchimp.BaseAddress.ToString(),
            ["Plugins:Mailchimp:Transport:OutageBackoff"] = "00:00:00.300",
            ["Plugins:OptOuts:IdleDelay"] = "00:00:00.100",
            ["Plugins:OptOuts:PollInterval"] = "00:00:00.300",
            ["Plugins:OptOuts:RetryDelay"] = "00:00:00.300",
            ["Plugins:OptOuts:Enabled"] = workers ? "true" : "false",
        };
        var server = new MassEmailServer(store, shareWith?.SharingStore(settings) ?? settings, kestrel: kestrel);
        servers.Add(server);
        _ = server.Services;
        return server;
    }
}

[Trait("Store", "Sqlite")]
public sealed class OptOutFlowSqliteTests() : OptOutFlowTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class OptOutFlowMongoTests() : OptOutFlowTests(StoreKind.Mongo);
