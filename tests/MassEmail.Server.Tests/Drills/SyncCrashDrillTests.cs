using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Plugins;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Issue 14 acceptance "vendor outage and a kill -9 of the worker mid-sync: nothing lost, converges, per-contact order
/// kept": a real server process syncs 2,000 candidates to the fake Zoho Campaigns; it is SIGKILLed twice at random
/// moments of the run and restarted on the same store (a run's lease of 3 s, so a dead run is taken over soon), and
/// Zoho answers 503 for a while in between. Meanwhile 20 candidates opt out: their unsubscribes go out through the
/// opt-out publisher while the sync may be subscribing them. In the end every other candidate is on the list, each
/// subscribed and at most sent again as an update, and each opted-out one is off it with nothing after its
/// unsubscribe. Set MASSEMAIL_DRILL_SEED to replay the kill moments of an earlier run.
/// </summary>
public abstract class SyncCrashDrillTests : IAsyncLifetime
{
    private const int Candidates = 2_000;

    private readonly StoreKind storeKind;
    private readonly ITestOutputHelper output;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-sync-drill-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private FakeZohoCampaigns? zoho;
    private ServerProcess? server;

    protected SyncCrashDrillTests(StoreKind storeKind, ITestOutputHelper output)
    {
        this.storeKind = storeKind;
        this.output = output;
        store = new DrillStore(storeKind, directory);
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task SyncOf2000_KilledTwiceAndAZohoOutage_EveryMemberOnceInOrder_OptOutsStayOut()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MASSEMAIL_DRILL_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed={seed} (MASSEMAIL_DRILL_SEED={seed} replays the kill moments)");
        var random = new Random(seed);
        zoho = await FakeZohoCampaigns.StartAsync(TimeProvider.System);
        zoho.AddList(SyncRunSetup.ZohoList, "Candidates");
        server = new ServerProcess(ServerProcess.CopiedServerDll, ServerEnvironment(zoho.BaseAddress.ToString()), directory);
        var apiKey = (await server.RunAdminAsync(
            "create-org", "--name", "Drill", "--email", "drill@example.com", "--admin-email", "admin@example.com", "--edition", "ENTERPRISE")).ApiKey;
        await server.StartAsync();
        var setup = await SyncRunSetup.CreateAsync(server.Invoker(apiKey), Candidates, _ => false, new LocalDateTime { Year = DateTime.UtcNow.Year + 1, Month = 1, Day = 5, Hour = 9 });
        await setup.Plugins.SyncNowAsync(new SyncNowRequest { Id = setup.DefinitionId });
        var optedOut = Enumerable.Range(0, 20).Select(i => (i * 97) + 13).ToList();

        for (var kill = 1; kill <= 2; kill++)
        {
            var calls = zoho.Calls.Count + random.Next(20, 120);
            await Progress.WaitAsync(() => zoho.Calls.Count, n => n >= calls, n => n, n => $"{n} calls at Zoho; the server said:\n{server.OutputTail}");
            var pid = server.Pid;
            server.Kill();
            output.WriteLine($"kill {kill}: SIGKILLed pid {pid} after {zoho.Calls.Count} calls at Zoho, {zoho.List(SyncRunSetup.ZohoList).Count("active")} members");
            if (kill == 1)
            {
                // Zoho goes down while no instance runs; the next one meets the outage, then it ends.
                zoho.Unavailable = true;
            }

            await server.StartAsync();
            setup = setup with { Recipients = new(server.Invoker(apiKey)), Plugins = new(server.Invoker(apiKey)) };
            if (kill == 1)
            {
                await Progress.WaitAsync(() => zoho.OutageCalls, n => n >= 3, n => n, n => $"{n} calls met the outage; the server said:\n{server.OutputTail}");
                zoho.Unavailable = false;
                foreach (var i in optedOut)
                {
                    // The upsert changes nothing (same values); it names the record to opt out.
                    var record = await setup.Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = SyncRunSetup.Candidate(i) });
                    await setup.Recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = record.Record.Id, EmailOptOut = true });
                }
            }
        }

        var list = zoho.List(SyncRunSetup.ZohoList);
        var done = await Progress.WaitAsync(
            setup.StatusAsync,
            st => st.State == SyncState.Idle && optedOut.All(i => list.State(SyncRunSetup.Email(i)) is null or "unsub"),
            st => (st.SyncedContacts, zoho.Calls.Count),
            st => $"{st.State}: {st.SyncedContacts} synced, {st.LastFailureMessage}; {list.Count("active")} members; the server said:\n{server.OutputTail}");
        output.WriteLine($"{done.SyncedContacts} synced in the last run's count, {zoho.Calls.Count} calls, {zoho.OutageCalls} met the outage; "
            + $"{Enumerable.Range(0, Candidates).Count(i => list.History(SyncRunSetup.Email(i)).Count > 1)} members were sent more than once");

        Assert.Empty(zoho.Violations);
        Assert.True(zoho.OutageCalls >= 3);
        foreach (var i in Enumerable.Range(0, Candidates))
        {
            var history = list.History(SyncRunSetup.Email(i));
            if (optedOut.Contains(i))
            {
                // Off the list: never on it, or unsubscribed after its last subscribe (opt-out anywhere wins).
                Assert.True(history.Count == 0 || history[^1] == "unsubscribe", $"{SyncRunSetup.Email(i)}: {string.Join(",", history)}");
            }
            else
            {
                Assert.Equal(["subscribe", .. Enumerable.Repeat("update", history.Count - 1)], history);
                Assert.Equal("active", list.State(SyncRunSetup.Email(i)));
            }
        }
    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        if (zoho is not null)
        {
            await zoho.DisposeAsync();
        }

        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private Dictionary<string, string> ServerEnvironment(string zohoUrl) => store.ServerEnvironment(new Dictionary<string, string>
    {
        ["Plugins__ZohoCampaigns__AccountsBaseUrl"] = zohoUrl,
        ["Plugins__ZohoCampaigns__CampaignsBaseUrl"] = zohoUrl,
        ["Plugins__ZohoCampaigns__Transport__RetryAttempts"] = "0",
        ["Plugins__ZohoCampaigns__Transport__OutageBackoff"] = "00:00:00.500",
        ["Plugins__Syncs__Lease"] = "00:00:03",
        ["Plugins__Syncs__IdleDelay"] = "00:00:00.200",
        ["Plugins__Syncs__RetryDelay"] = "00:00:00.500",
        ["Plugins__OptOuts__IdleDelay"] = "00:00:00.200",
        ["Plugins__OptOuts__Lease"] = "00:00:03",
        ["Plugins__OptOuts__RetryDelay"] = "00:00:00.500",
    });
}

[Trait("Store", "Sqlite")]
public sealed class SyncCrashDrillSqliteTests(ITestOutputHelper output) : SyncCrashDrillTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class SyncCrashDrillMongoTests(ITestOutputHelper output) : SyncCrashDrillTests(StoreKind.Mongo, output);
