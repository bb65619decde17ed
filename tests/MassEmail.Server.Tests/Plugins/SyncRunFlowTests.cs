using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Scheduling;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14 acceptance "10,000 members synced to the fake Zoho Campaigns within every window, the token refreshed once
/// and shared" and "a scheduled daily sync of a custom view runs at its local time and excludes opted-out records",
/// through the servers' own sync workers on a fake clock that the fake Zoho Campaigns judges its windows by. The clock
/// moves only when the test moves it: to the time a waiting run goes on, otherwise a second per look at the status.
/// </summary>
public abstract class SyncRunFlowTests(StoreKind store) : IAsyncLifetime
{
    // Monday 2 March 2026, 08:00 in Warsaw (CET, UTC+1).
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);
    private ScheduleClock clock = null!;
    private FakeZohoCampaigns zoho = null!;

    public async Task InitializeAsync()
    {
        clock = new ScheduleClock(store, Start);
        zoho = await FakeZohoCampaigns.StartAsync(clock.Clock);
        zoho.AddList(SyncRunSetup.ZohoList, "Candidates");
    }

    public async Task DisposeAsync()
    {
        clock.Dispose();
        await zoho.DisposeAsync();
    }

    [SkippableFact]
    public async Task TenThousandCandidates_ReachZohoWithinEveryWindow_ASecondInstanceTakesOverWithTheSameToken_RefreshedOnceWhenItExpires()
    {
        var a = Instance();
        var setup = await SyncRunSetup.CreateAsync(a, 10_000, i => i % 100 == 7, Local(2026, 3, 3, 9, 0));
        var optedOut = Enumerable.Range(0, 10_000).Where(i => i % 100 == 7).ToList();

        // The run starts well after the opt-outs (more than Plugins:Syncs:Overlap): they are never sent to Zoho. (One
        // during the run, or just before it, is sent as an unsubscribe: SyncCrashDrillTests.)
        clock.Clock.Advance(TimeSpan.FromMinutes(5));
        await setup.Plugins.SyncNowAsync(new SyncNowRequest { Id = setup.DefinitionId, FullResync = true });
        await RunUntilAsync(setup, _ => zoho.Calls.Count >= 600);

        // The instance running the sync goes away; another on the same store takes the run over from its checkpoint at
        // once, with the access token the first stored, inside the windows the first's calls still fill (the windows
        // are counted in the store, shared by every instance).
        setup = setup.On(Instance());
        clock.Stop(a);
        Assert.Equal(1, zoho.TokensIssued);
        await RunUntilAsync(setup, _ => zoho.Calls.Count >= 1_800);
        zoho.ExpireAccessTokens();
        var done = await RunUntilAsync(setup, s => s.State == SyncState.Idle);

        var list = zoho.List(SyncRunSetup.ZohoList);
        Assert.Equal((9_900, 0L, 9_900), (list.Count("active"), done.FailedContacts, (int)done.SyncedContacts));
        Assert.All(optedOut, i => Assert.Null(list.State(SyncRunSetup.Email(i))));
        Assert.Equal("Ann5", list.Fields(SyncRunSetup.Email(5))["First Name"]);
        // Each member was subscribed once. Waits for a full window cost no repeat (what Zoho answered meanwhile is kept
        // with the checkpoint); the instance going away cost at most the page it was on (100 records), sent again, which
        // Zoho takes as an update.
        var histories = Enumerable.Range(0, 10_000).Except(optedOut).Select(i => list.History(SyncRunSetup.Email(i))).ToList();
        Assert.All(histories, h => Assert.Equal(["subscribe", .. Enumerable.Repeat("update", h.Count - 1)], h));
        Assert.InRange(histories.Count(h => h.Count > 1), 0, 100);
        Assert.Empty(zoho.Violations);
        var bulk = zoho.Calls.Where(c => c.Endpoint == "addlistsubscribersinbulk").ToList();
        Assert.NotEmpty(bulk);
        Assert.All(bulk, c => Assert.InRange(c.Emails, c.Code == 1007 ? 0 : 1, 10));
        Assert.Contains(zoho.Calls, c => c.Endpoint == "json/listsubscribe");
        // The expired token was refused once (1007), refreshed once, and the call went again.
        Assert.Single(zoho.Calls, c => c.Code == 1007);
        Assert.Equal(2, zoho.TokensIssued);
        Assert.True(done.Full);
        Assert.NotNull(done.LastSuccessTime);
    }

    [SkippableFact]
    public async Task DailySyncOfAView_RunsAtItsLocalTime_ExcludesOptedOut_TheNextDaySendsOnlyWhatChanged()
    {
        var server = Instance();
        var setup = await SyncRunSetup.CreateAsync(server, 20, i => i is 3 or 11 or 17, Local(2026, 3, 2, 9, 0));

        // 09:00 in Warsaw in March is 08:00 UTC: nothing is due before.
        var first = await setup.StatusAsync();
        Assert.Equal((SyncState.Pending, At(2026, 3, 2, 8, 0)), (first.State, first.NextRunTime.ToDateTimeOffset()));
        clock.Clock.SetUtcNow(At(2026, 3, 2, 7, 59));
        Assert.DoesNotContain(zoho.Calls, c => c.Endpoint.Contains("subscribe", StringComparison.Ordinal));
        clock.Clock.SetUtcNow(At(2026, 3, 2, 8, 0));

        var ran = await RunUntilAsync(setup, s => s.State == SyncState.Idle);

        var list = zoho.List(SyncRunSetup.ZohoList);
        Assert.Equal(17, list.Count("active"));
        Assert.All(new[] { 3, 11, 17 }, i => Assert.Null(list.State(SyncRunSetup.Email(i))));
        Assert.Equal((17L, true), (ran.SyncedContacts, ran.Full));
        Assert.InRange(ran.RunStartTime.ToDateTimeOffset(), At(2026, 3, 2, 8, 0), At(2026, 3, 2, 8, 5));
        Assert.Equal(At(2026, 3, 3, 8, 0), ran.NextRunTime.ToDateTimeOffset());

        // During the day one record changes and one is added; the next day's run sends those two only.
        clock.Clock.SetUtcNow(At(2026, 3, 2, 12, 0));
        var changed = SyncRunSetup.Candidate(5);
        changed.FirstName = "Anna";
        await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = changed });
        await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = SyncRunSetup.Candidate(20) });
        var calls = zoho.Calls.Count;
        clock.Clock.SetUtcNow(At(2026, 3, 3, 8, 0));

        var next = await RunUntilAsync(setup, s => s.State == SyncState.Idle && s.RunStartTime.ToDateTimeOffset() >= At(2026, 3, 3, 8, 0));

        Assert.Equal((2L, false), (next.SyncedContacts, next.Full));
        Assert.Equal("Anna", list.Fields(SyncRunSetup.Email(5))["First Name"]);
        Assert.Equal("active", list.State(SyncRunSetup.Email(20)));
        Assert.Equal(18, list.Count("active"));
        Assert.InRange(zoho.Calls.Count - calls, 2, 3);
        Assert.Empty(zoho.Violations);
    }

    [SkippableFact]
    public async Task ContinuousSyncOfAList_AfterItsFirstRun_AChangedAndANewMemberReachZohoWithinAMinute_OnlyThey()
    {
        var server = Instance();
        var setup = await SyncRunSetup.CreateAsync(server, 30, _ => false, Local(2026, 3, 2, 9, 0), continuousOfAList: true);
        clock.Clock.SetUtcNow(At(2026, 3, 2, 8, 0));

        var first = await RunUntilAsync(setup, s => s.State == SyncState.Idle);

        Assert.Equal((30L, true), (first.SyncedContacts, first.Full));
        Assert.True(first.NextRunTime.ToDateTimeOffset() <= clock.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), $"next run {first.NextRunTime}");

        // A member changes and a new record joins the list: neither waits for tomorrow's 09:00.
        clock.Clock.SetUtcNow(At(2026, 3, 2, 8, 1) + TimeSpan.FromSeconds(10));
        var changed = SyncRunSetup.Candidate(4);
        changed.FirstName = "Changed";
        await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = changed });
        var added = await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = SyncRunSetup.Candidate(30) });
        await setup.Recipients.AddListMembersAsync(new AddListMembersRequest { ListId = setup.ListId, RecordIds = { added.Record.Id } });
        var changedAt = clock.Clock.GetUtcNow();

        var next = await RunUntilAsync(setup, s => s.State == SyncState.Idle && s.RunStartTime.ToDateTimeOffset() > changedAt);

        Assert.Equal((2L, false), (next.SyncedContacts, next.Full));
        // Within the interval of the run that was due when the clock moved (it may have started with the changes), plus
        // the worker's idle wait (5 s) and the test's one-second steps: virtual time, so this is no timing assertion.
        Assert.InRange(next.RunStartTime.ToDateTimeOffset(), changedAt, changedAt + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(10));
        var list = zoho.List(SyncRunSetup.ZohoList);
        Assert.Equal("Changed", list.Fields(SyncRunSetup.Email(4))["First Name"]);
        Assert.Equal("active", list.State(SyncRunSetup.Email(30)));
        Assert.Equal(31, list.Count("active"));
    }

    [SkippableFact]
    public async Task DeletedRecords_LeaveTheZohoList_AtTheNextRun_UnlessOptedOutOrTheirAddressLivesOn_AndLeaveKeepsThem()
    {
        var server = Instance();
        var setup = await SyncRunSetup.CreateAsync(server, 30, i => i == 8, Local(2026, 3, 2, 9, 0), continuousOfAList: true);
        clock.Clock.SetUtcNow(At(2026, 3, 2, 8, 0));
        var first = await RunUntilAsync(setup, s => s.State == SyncState.Idle);
        var list = zoho.List(SyncRunSetup.ZohoList);
        Assert.Equal((29L, "active"), (first.SyncedContacts, list.State(SyncRunSetup.Email(10))));
        zoho.RemoteSubscribe(SyncRunSetup.ZohoList, SyncRunSetup.Email(8));
        var records = (await setup.Recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 100 }))
            .Records.ToDictionary(r => r.ExternalId, r => r.Id);

        // Two plain deletes; an opted-out record (on the list at Zoho all the same); a record whose address a new
        // member of the list now has; and one whose address a record outside the list has (Zoho would report the
        // removal, an unsubscribe, back as that record's opt-out).
        clock.Clock.SetUtcNow(At(2026, 3, 2, 8, 1) + TimeSpan.FromSeconds(10));
        var heir = SyncRunSetup.Candidate(10);
        heir.ExternalId = "heir-of-10";
        var added = await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = heir });
        await setup.Recipients.AddListMembersAsync(new AddListMembersRequest { ListId = setup.ListId, RecordIds = { added.Record.Id } });
        var twin = SyncRunSetup.Candidate(14);
        twin.ExternalId = "twin-of-14";
        await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = twin });
        foreach (var i in new[] { 4, 6, 8, 10, 14 })
        {
            await setup.Recipients.DeleteRecordAsync(new DeleteRecordRequest { Id = records[SyncRunSetup.Candidate(i).ExternalId] });
        }

        var deletedAt = clock.Clock.GetUtcNow();
        var next = await RunUntilAsync(setup, s => s.State == SyncState.Idle && s.RunStartTime.ToDateTimeOffset() > deletedAt);

        Assert.Equal((2L, 0L), (next.RemovedContacts, next.FailedContacts));
        Assert.All(new[] { 4, 6 }, i => Assert.Equal(["subscribe", "unsubscribe"], list.History(SyncRunSetup.Email(i))));
        Assert.Equal(["subscribe"], list.History(SyncRunSetup.Email(8)));
        Assert.Equal("active", list.State(SyncRunSetup.Email(10)));
        Assert.DoesNotContain("unsubscribe", list.History(SyncRunSetup.Email(10)));
        Assert.Equal(["subscribe"], list.History(SyncRunSetup.Email(14)));

        // With "leave", a deleted record stays on the list.
        var definition = (await setup.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = setup.DefinitionId })).SyncDefinition;
        definition.OnRecordDeleted = RecordDeletedAction.Leave;
        await setup.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = definition });
        await setup.Recipients.DeleteRecordAsync(new DeleteRecordRequest { Id = records[SyncRunSetup.Candidate(12).ExternalId] });
        deletedAt = clock.Clock.GetUtcNow();
        var left = await RunUntilAsync(setup, s => s.State == SyncState.Idle && s.RunStartTime.ToDateTimeOffset() > deletedAt);

        Assert.Equal(0L, left.RemovedContacts);
        Assert.Equal("active", list.State(SyncRunSetup.Email(12)));
        Assert.Empty(zoho.Violations);
    }

    private static LocalDateTime Local(int year, int month, int day, int hour, int minute) =>
        new() { Year = year, Month = month, Day = day, Hour = hour, Minute = minute };

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private MassEmailServer Instance() => clock.StartInstance(extra: new Dictionary<string, string?>
    {
        ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = zoho.BaseAddress.ToString(),
        ["Plugins:ZohoCampaigns:CampaignsBaseUrl"] = zoho.BaseAddress.ToString(),
        // Only the sync worker talks to the fake here: the opt-out publisher would unsubscribe the opted-out records.
        ["Plugins:OptOuts:Enabled"] = "false",
    });

    /// <summary>
    /// Looks at the status until <paramref name="done"/> holds, moving the clock to the time a waiting run goes on, or
    /// by a second otherwise (the worker's idle wait is on this clock too).
    /// </summary>
    private Task<SyncStatus> RunUntilAsync(SyncRunSetup setup, Func<SyncStatus, bool> done) => Progress.WaitAsync(
        async () =>
        {
            var status = await setup.StatusAsync();
            if (!done(status))
            {
                var now = clock.Clock.GetUtcNow();
                if (status.WaitingUntil?.ToDateTimeOffset() is { } until && until > now)
                {
                    clock.Clock.SetUtcNow(until);
                }
                else
                {
                    clock.Clock.Advance(TimeSpan.FromSeconds(1));
                }
            }

            return status;
        },
        done,
        s => (s.SyncedContacts, s.FailedContacts, zoho.Calls.Count),
        s => $"{s.State} synced {s.SyncedContacts} failed {s.FailedContacts} waiting until {s.WaitingUntil} ({s.LastFailureMessage}); {zoho.Calls.Count} calls at Zoho, clock {clock.Clock.GetUtcNow():O}");
}

public sealed class SqliteSyncRunFlowTests() : SyncRunFlowTests(StoreKind.Sqlite);

public sealed class MongoSyncRunFlowTests() : SyncRunFlowTests(StoreKind.Mongo);
