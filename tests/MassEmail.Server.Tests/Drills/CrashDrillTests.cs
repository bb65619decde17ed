using System.Globalization;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;
using SendingOptions = MassEmail.Core.Sending.SendingOptions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Crash drill (issue 4): a 20,000-recipient send (SQLite and MongoDB) through a slow fake SES while
/// the server process is SIGKILLed three times at random moments and restarted on the same store.
/// The fake's log is the truth about what left: nobody may get two messages, every SENT row must be
/// in it, and the rows whose fate a crash hid are UNKNOWN, at most the calls in flight per crash
/// (Concurrency × lanes), while the never-attempted rows of the killed worker's batch are sent after it.
/// Set MASSEMAIL_DRILL_SEED to replay the kill moments of an earlier run.
/// </summary>
public abstract class CrashDrillTests : IAsyncLifetime
{
    private const int Crashes = 3;
    private const int SesRate = 800;

    /// <summary>The drill runs with the shipped batch size, lanes and concurrency.</summary>
    private static readonly SendingOptions Shipped = new();
    private const string Domain = "crash.example";

    private readonly StoreKind storeKind;
    private readonly int recipientCount;
    private readonly ITestOutputHelper output;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-crash-drill-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private FakeSes? ses;
    private ServerProcess? server;

    protected CrashDrillTests(StoreKind storeKind, int recipientCount, ITestOutputHelper output)
    {
        this.storeKind = storeKind;
        this.recipientCount = recipientCount;
        this.output = output;
        store = new DrillStore(storeKind, directory);
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task MassSend_ServerKilledThreeTimes_NoDuplicatesAndUnknownWithinInFlightBound()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MASSEMAIL_DRILL_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed={seed} (MASSEMAIL_DRILL_SEED={seed} replays the kill moments)");
        var random = new Random(seed);

        ses = await FakeSes.StartAsync(new FakeSesOptions { MaxSendRate = SesRate, MinAcceptDelay = TimeSpan.FromMilliseconds(5), MaxAcceptDelay = TimeSpan.FromMilliseconds(10) });
        server = new ServerProcess(ServerProcess.CopiedServerDll, ServerEnvironment(ses.BaseAddress.ToString()), directory);
        var apiKey = (await server.RunAdminAsync(
            "create-org", "--name", "Drill", "--email", "drill@example.com", "--admin-email", "admin@example.com",
            "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000")).ApiKey;
        await server.StartAsync();

        var addresses = Enumerable.Range(0, recipientCount).Select(i => $"r{i:D5}@{Domain}").ToList();
        var (sends, templateId) = await SeedAsync(server.Invoker(apiKey), addresses);
        var send = (await sends.StartMassSendAsync(SendHelpers.Start(templateId, "crash-drill"))).Send;
        Assert.Equal(recipientCount, send.Reserved);

        for (var crash = 1; crash <= Crashes; crash++)
        {
            if (crash > 1)
            {
                // The first kill may land in the audience snapshot; the later ones land while the restarted
                // process is delivering again, so every run also kills mid-delivery at least twice.
                var before = ses.Delivered.Count;
                await Progress.WaitAsync(() => ses.Delivered.Count, delivered => delivered > before, _ => before,
                    _ => $"after restart {crash - 1} the fake got no delivery");
            }

            var wait = TimeSpan.FromMilliseconds(random.Next(500, 3001));
            await Task.Delay(wait);
            var pid = server.Pid;
            server.Kill();
            var deliveredAtKill = ses.Delivered.Count;
            // A kill after the send finished would prove nothing about crashes.
            Assert.True(deliveredAtKill < recipientCount, $"crash {crash} came after every recipient was delivered");
            await server.StartAsync();
            sends = new MassSendService.MassSendServiceClient(server.Invoker(apiKey));
            var after = (await sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id })).Send;
            output.WriteLine($"crash {crash}: after {wait.TotalMilliseconds:0} ms SIGKILLed pid {pid}; the fake had delivered {deliveredAtKill}; "
                + $"restarted as pid {server.Pid}: {after.State}, {after.Counts}");
        }

        var final = await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed, () => $"fake delivered {ses.Delivered.Count}");
        await ses.WaitIdleAsync();
        var deliveries = await DrillSteps.ReadAllDeliveriesAsync(sends, send.Id);
        var log = ses.Delivered;

        var byState = deliveries.GroupBy(d => d.State).ToDictionary(g => g.Key, g => g.Count());
        var sent = deliveries.Where(d => d.State == DeliveryState.Sent).Select(d => d.Email).ToHashSet(StringComparer.Ordinal);
        var unknown = deliveries.Where(d => d.State == DeliveryState.Unknown).Select(d => d.Email).ToHashSet(StringComparer.Ordinal);
        var logged = log.ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"final: {final.Counts}");
        output.WriteLine($"deliveries: {string.Join(", ", byState.Select(kv => $"{kv.Key}={kv.Value}"))}; fake log: {log.Count} answers, {logged.Count} distinct");
        output.WriteLine($"UNKNOWN delivered by the fake (crash hid the answer): {unknown.Count(logged.Contains)}; UNKNOWN never received: {unknown.Count(u => !logged.Contains(u))}");

        // SENT ∪ UNKNOWN = every eligible recipient; nothing else is left.
        Assert.Equal(recipientCount, deliveries.Count);
        Assert.Equal(recipientCount, sent.Count + unknown.Count);
        Assert.Equal(addresses.Order(StringComparer.Ordinal), sent.Concat(unknown).Order(StringComparer.Ordinal));
        Assert.All(deliveries, d => Assert.True(d.State is DeliveryState.Sent or DeliveryState.Unknown, $"{d.Email} is {d.State}: {d.Error}"));

        // The fake's log proves nobody got two messages and every SENT row really left.
        var duplicates = log.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key}×{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, $"delivered more than once: {string.Join(", ", duplicates.Take(20))}");
        var sentNotLogged = sent.Where(a => !logged.Contains(a)).ToList();
        Assert.True(sentNotLogged.Count == 0, $"SENT but never received by SES: {string.Join(", ", sentNotLogged.Take(20))}");

        // UNKNOWN only for mail that may have left: per crash at most the calls in flight, Concurrency per lane × lanes
        // (the rows under the batches' in-flight marks without a stored outcome), not the claimed batches.
        // A lane's window is Concurrency, kept to its part of a tenth of a second at the rate (the fake's, the most a share can be).
        var window = SendDispatcher.WindowSize(Shipped.Concurrency, SesRate, Shipped.BatchesInFlight);
        var bound = Crashes * Shipped.BatchesInFlight * window;
        output.WriteLine($"UNKNOWN: {unknown.Count} (bound {Crashes} crashes × {Shipped.BatchesInFlight} lanes × {window} calls = {bound}; Concurrency {Shipped.Concurrency}, a batch holds {Shipped.BatchSize})");
        Assert.InRange(unknown.Count, 0, bound);
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

    private Dictionary<string, string> ServerEnvironment(string sesUrl) => store.ServerEnvironment(new Dictionary<string, string>
    {
        ["Ses__Endpoint"] = sesUrl,
        ["Sending__LeaseDuration"] = "00:00:05",
        ["Sending__PollInterval"] = "00:00:00.050",
    });

    private static async Task<(MassSendService.MassSendServiceClient Sends, string TemplateId)> SeedAsync(
        CallInvoker invoker, IReadOnlyList<string> addresses)
    {
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        using (var import = recipients.ImportRecords())
        {
            foreach (var chunk in addresses.Select((address, i) => (address, i)).Chunk(1000))
            {
                await import.RequestStream.WriteAsync(new ImportRecordsRequest
                {
                    Module = RecordModule.Candidates,
                    Records = { chunk.Select(r => R.Candidate($"c{r.i:D5}", r.address, $"P{r.i}")) },
                });
            }

            await import.RequestStream.CompleteAsync();
            Assert.Equal(addresses.Count, (await import).Inserted);
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Crash drill", Subject = "Hello {{ record.first_name }}", HtmlBody = "<p>Hi {{ record.first_name }}</p>" },
        });
        return (new MassSendService.MassSendServiceClient(invoker), template.Template.Id);
    }
}

[Trait("Store", "Sqlite")]
public sealed class CrashDrillSqliteTests(ITestOutputHelper output) : CrashDrillTests(StoreKind.Sqlite, 20_000, output);

// 20,000 on MongoDB too. CongoDB, the test server, scanned a whole collection per query, so this took 7 to
// 11 minutes here (2 cores) and ran 5,000 instead; since its fix 5 (tools/congodb.mjs: _id conditions, _id
// ranges and _id sorts from the collection's map) it takes 1 min 22 s alone and about 2 min 10 s beside the
// other MongoDB drills (a run: kills at 0, 373 and 726 delivered, 23 UNKNOWN).
[Trait("Store", "Mongo")]
public sealed class CrashDrillMongoTests(ITestOutputHelper output) : CrashDrillTests(StoreKind.Mongo, 20_000, output);
