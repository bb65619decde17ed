using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Issue 13 acceptance, autoresponders across kill -9: a real server process runs a two-step autoresponder (both delays
/// 0, so steps follow each other as fast as the rounds go) while records join its list in four batches; after each of
/// the first three the process is SIGKILLed at a random moment and restarted on the same store (a run's lease of 3 s,
/// so a dead run is taken over soon). Every record must end DONE after two steps, in exactly one send of each step, and
/// the fake SES must have got at most one message per record and step: a kill neither repeats nor skips a step. Mail
/// whose provider call a kill hid is UNKNOWN in its send, never sent again. Set MASSEMAIL_DRILL_SEED to replay the kill
/// moments of an earlier run.
/// </summary>
public abstract class AutoresponderCrashDrillTests : IAsyncLifetime
{
    private const int Batches = 4;
    private const int PerBatch = 10;
    private const string Domain = "auto-crash.example";

    private readonly StoreKind storeKind;
    private readonly ITestOutputHelper output;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-auto-drill-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private FakeSes? ses;
    private ServerProcess? server;

    protected AutoresponderCrashDrillTests(StoreKind storeKind, ITestOutputHelper output)
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
    public async Task TwoStepAutoresponder_ServerKilledThreeTimes_EachStepOncePerRecord_NoneSkipped()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MASSEMAIL_DRILL_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed={seed} (MASSEMAIL_DRILL_SEED={seed} replays the kill moments)");
        var random = new Random(seed);

        ses = await FakeSes.StartAsync(new FakeSesOptions { MaxSendRate = 200, MinAcceptDelay = TimeSpan.FromMilliseconds(20), MaxAcceptDelay = TimeSpan.FromMilliseconds(80) });
        server = new ServerProcess(ServerProcess.CopiedServerDll, ServerEnvironment(ses.BaseAddress.ToString()), directory);
        var apiKey = (await server.RunAdminAsync(
            "create-org", "--name", "Drill", "--email", "drill@example.com", "--admin-email", "admin@example.com",
            "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000")).ApiKey;
        await server.StartAsync();
        var (recordIds, listId, templates, series) = await SeedAsync(server.Invoker(apiKey));

        for (var batch = 0; batch < Batches; batch++)
        {
            var recipients = new RecipientsService.RecipientsServiceClient(server.Invoker(apiKey));
            await recipients.AddListMembersAsync(new AddListMembersRequest { ListId = listId, RecordIds = { recordIds.Skip(batch * PerBatch).Take(PerBatch) } });
            if (batch == Batches - 1)
            {
                break;
            }

            var wait = TimeSpan.FromMilliseconds(random.Next(100, 1501));
            await Task.Delay(wait);
            var pid = server.Pid;
            server.Kill();
            var atKill = ses.Delivered.Count;
            await server.StartAsync();
            var enrollments = await EnrollmentsAsync(new(server.Invoker(apiKey)), series);
            output.WriteLine($"crash {batch + 1}: {wait.TotalMilliseconds:0} ms after batch {batch + 1} joined, SIGKILLed pid {pid}; the fake had {atKill} messages; "
                + $"restarted as pid {server.Pid}: {Describe(enrollments)}");
        }

        var autoresponders = new AutorespondersService.AutorespondersServiceClient(server.Invoker(apiKey));
        var final = await Progress.WaitAsync(
            () => EnrollmentsAsync(autoresponders, series),
            e => e.Count == recordIds.Count && e.All(x => x.State == EnrollmentState.Done),
            Describe,
            e => $"{Describe(e)}; the server said:\n{server.OutputTail}");
        Assert.All(final, e => Assert.Equal((EnrollmentState.Done, 2, ""), (e.State, e.StepsSent, e.Reason)));

        var sends = new MassSendService.MassSendServiceClient(server.Invoker(apiKey));
        var all = await Progress.WaitAsync(
            async () => (await sends.ListMassSendsAsync(new ListMassSendsRequest { PageSize = 200 })).Sends.ToList(),
            l => l.All(x => x.State == SendState.Completed),
            l => string.Join(",", l.Select(x => x.State)),
            l => $"sends not completed: {string.Join(", ", l.Where(x => x.State != SendState.Completed).Select(x => $"{x.Id} {x.State}"))}");
        await ses.WaitIdleAsync();
        output.WriteLine($"{all.Count} sends; the fake got {ses.Delivered.Count} messages");

        // Each record is in exactly one send of each step.
        foreach (var (template, step) in templates.Select((t, i) => (t, i + 1)))
        {
            var members = all.Where(x => x.TemplateId == template).SelectMany(x => x.Audience.RecordIds.Ids).ToList();
            Assert.Equal(recordIds.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
            Assert.All(all.Where(x => x.TemplateId == template), x => Assert.StartsWith($"autoresponder:{series}:", x.IdempotencyKey, StringComparison.Ordinal));
            output.WriteLine($"step {step}: {all.Count(x => x.TemplateId == template)} sends");
        }

        // At the fake: every address at most twice (one message per step), and what is missing is UNKNOWN in its send.
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var send in all)
        {
            foreach (var d in await DrillSteps.ReadAllDeliveriesAsync(sends, send.Id))
            {
                Assert.True(d.State is DeliveryState.Sent or DeliveryState.Unknown, $"{d.Email} in {send.Id} is {d.State}: {d.Error}");
                unknown[d.Email] = unknown.GetValueOrDefault(d.Email) + (d.State == DeliveryState.Unknown ? 1 : 0);
            }
        }

        output.WriteLine($"UNKNOWN deliveries (a kill hid the provider's answer): {unknown.Values.Sum()}");
        var received = ses.Delivered.GroupBy(a => a, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < recordIds.Count; i++)
        {
            var address = Address(i);
            var got = received.GetValueOrDefault(address);
            Assert.True(got <= 2, $"{address} received {got} messages");
            Assert.True(got + unknown.GetValueOrDefault(address) >= 2, $"{address} received {got} messages and has {unknown.GetValueOrDefault(address)} UNKNOWN deliveries");
        }

    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        if (ses is not null)
        {
            await ses.DisposeAsync();
        }

        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static string Address(int i) => $"a{i:D3}@{Domain}";

    private static string Describe(List<Enrollment> e) =>
        $"{e.Count} enrolled: " + string.Join(", ", e.GroupBy(x => (x.State, x.StepsSent)).OrderBy(g => g.Key).Select(g => $"{g.Key.State}/{g.Key.StepsSent}={g.Count()}"));

    private static async Task<List<Enrollment>> EnrollmentsAsync(AutorespondersService.AutorespondersServiceClient client, string id) =>
        [.. (await client.ListEnrollmentsAsync(new ListEnrollmentsRequest { AutoresponderId = id, PageSize = 200 })).Enrollments];

    private static async Task<(List<string> RecordIds, string ListId, string[] Templates, string Series)> SeedAsync(global::Grpc.Core.CallInvoker invoker)
    {
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        List<string> ids = [];
        for (var i = 0; i < Batches * PerBatch; i++)
        {
            ids.Add((await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate($"c{i:D3}", Address(i), $"P{i}") })).Record.Id);
        }

        var list = await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "Drill list" } });
        var templates = new TemplatesService.TemplatesServiceClient(invoker);
        string[] templateIds =
        [
            (await templates.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "Step 1", Subject = "Step 1", HtmlBody = "<p>1</p>" } })).Template.Id,
            (await templates.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "Step 2", Subject = "Step 2", HtmlBody = "<p>2</p>" } })).Template.Id,
        ];
        var autoresponders = new AutorespondersService.AutorespondersServiceClient(invoker);
        var draft = new Autoresponder
        {
            Name = "Drill series",
            Module = RecordModule.Candidates,
            Trigger = new AutoresponderTrigger { ListId = list.List.Id },
            Steps =
            {
                templateIds.Select(t => new AutoresponderStep { TemplateId = t, From = AddressChoice.Organisation, ReplyTo = AddressChoice.Organisation }),
            },
        };
        var created = (await autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = draft })).Autoresponder;
        await autoresponders.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id });
        return (ids, list.List.Id, templateIds, created.Id);
    }

    private Dictionary<string, string> ServerEnvironment(string sesUrl) => store.ServerEnvironment(new Dictionary<string, string>
    {
        ["Ses__Endpoint"] = sesUrl,
        ["Sending__LeaseDuration"] = "00:00:05",
        ["Sending__PollInterval"] = "00:00:00.050",
        ["Autoresponders__PollInterval"] = "00:00:00.200",
        ["Autoresponders__ClaimLease"] = "00:00:03",
    });
}

[Trait("Store", "Sqlite")]
public sealed class AutoresponderCrashDrillSqliteTests(ITestOutputHelper output) : AutoresponderCrashDrillTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class AutoresponderCrashDrillMongoTests(ITestOutputHelper output) : AutoresponderCrashDrillTests(StoreKind.Mongo, output);
