using System.Globalization;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Scale-out (issue 4): two server processes on one store share one send. Each process talks to
/// its own fake SES, so the two logs show that both delivered part of the send, and together they
/// show that no recipient got two messages.
/// </summary>
public abstract class TwoProcessTests : IAsyncLifetime
{
    private const int Recipients = 3000;
    private const string Domain = "two.example";
    private readonly StoreKind storeKind;
    private readonly ITestOutputHelper output;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-two-process-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private readonly List<FakeSes> fakes = [];
    private readonly List<ServerProcess> servers = [];

    protected TwoProcessTests(StoreKind storeKind, ITestOutputHelper output)
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
    public async Task MassSend_TwoServerProcessesOnOneStore_ShareTheWorkWithoutDuplicates()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        for (var i = 0; i < 2; i++)
        {
            var fake = await FakeSes.StartAsync(new FakeSesOptions { MaxSendRate = 400, MinAcceptDelay = TimeSpan.FromMilliseconds(2), MaxAcceptDelay = TimeSpan.FromMilliseconds(6) });
            fakes.Add(fake);
            servers.Add(new ServerProcess(ServerProcess.CopiedServerDll, Environment(fake.BaseAddress.ToString()), directory));
        }

        var key = (await servers[0].RunAdminAsync(
            "create-org", "--name", "Two", "--email", "two@example.com", "--admin-email", "admin@example.com",
            "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000")).ApiKey;
        await Task.WhenAll(servers.Select(s => s.StartAsync()));

        var invoker = servers[0].Invoker(key);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        using (var import = recipients.ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { Enumerable.Range(0, Recipients).Select(i => R.Candidate($"t{i:D5}", $"r{i:D5}@{Domain}", $"P{i}")) },
            });
            await import.RequestStream.CompleteAsync();
            Assert.Equal(Recipients, (await import).Inserted);
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Two", Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>{{ record.first_name }}</p>" },
        });
        var sends = new MassSendService.MassSendServiceClient(invoker);
        var send = (await sends.StartMassSendAsync(SendHelpers.Start(template.Template.Id, "two-process"))).Send;

        // Watch through the other process: progress is the store's, whichever process asks.
        var other = new MassSendService.MassSendServiceClient(servers[1].Invoker(key));
        var final = await SendHelpers.WaitAsync(other, send.Id, s => s.State == SendState.Completed);
        foreach (var fake in fakes)
        {
            await fake.WaitIdleAsync();
        }

        var logs = fakes.Select(f => f.Delivered).ToList();
        output.WriteLine($"process A delivered {logs[0].Count}, process B delivered {logs[1].Count}; final {final.Counts}");
        var all = logs.SelectMany(l => l).ToList();
        Assert.Equal(Recipients, final.Counts.Sent);
        Assert.Equal(Recipients, all.Count);
        Assert.Equal(Recipients, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(logs, log => Assert.NotEmpty(log));
    }

    public async Task DisposeAsync()
    {
        servers.ForEach(s => s.Dispose());
        foreach (var fake in fakes)
        {
            await fake.DisposeAsync();
        }

        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private Dictionary<string, string> Environment(string sesUrl) => new(store.Environment)
    {
        ["Ses__Endpoint"] = sesUrl,
        ["Sending__BatchSize"] = "25",
        // Each process also works on two batches at once: four claim holders race for one send.
        ["Sending__BatchesInFlight"] = "2",
        ["Sending__Concurrency"] = "4",
        ["Sending__PollInterval"] = "00:00:00.050",
        ["Demo__Seed"] = "false",
        // Outside Development the unsubscribe link must be a public https URL.
        ["Sending__UnsubscribeBaseUrl"] = "https://unsubscribe.example/u",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Sending__LeaseDuration"] = "00:00:30",
        ["Sending__MaxAttempts"] = 5.ToString(CultureInfo.InvariantCulture),
    };
}

[Trait("Store", "Sqlite")]
public sealed class TwoProcessSqliteTests(ITestOutputHelper output) : TwoProcessTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class TwoProcessMongoTests(ITestOutputHelper output) : TwoProcessTests(StoreKind.Mongo, output);
