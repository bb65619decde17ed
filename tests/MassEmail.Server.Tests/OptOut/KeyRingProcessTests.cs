using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 acceptance (tokens): two server processes on one store verify each other's links, a restart keeps links
/// working, a rotated key signs while the old one still verifies, and a retired key's links lead to the neutral page.
/// Real processes, real store, real SES emulator; links are opened on each process's public endpoint.
/// </summary>
public abstract class KeyRingProcessTests : IAsyncLifetime
{
    private const string BaseUrl = "https://unsubscribe.example/u";
    private readonly StoreKind storeKind;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-keyring-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private readonly SesEmulatorFixture emulator = new();
    private readonly List<ServerProcess> servers = [];

    protected KeyRingProcessTests(StoreKind storeKind)
    {
        this.storeKind = storeKind;
        store = new DrillStore(storeKind, directory);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        await emulator.InitializeAsync();
    }

    [SkippableFact]
    public async Task Links_TwoProcessesRestartRotationAndRetirement_VerifyAsSpecified()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        Skip.If(emulator.SkipReason is not null, emulator.SkipReason);
        for (var i = 0; i < 2; i++)
        {
            servers.Add(new ServerProcess(ServerProcess.CopiedServerDll, Environment(), directory));
        }

        var (a, b) = (servers[0], servers[1]);
        var key = (await a.RunAdminAsync(
            "create-org", "--name", "Ring Org", "--email", "ring@example.com", "--admin-email", "admin@example.com", "--edition", "ENTERPRISE")).ApiKey;
        // Both first starts race to write the first key ring: one wins, both sign with it.
        await Task.WhenAll(servers.Select(s => s.StartAsync()));
        var invoker = a.Invoker(key);
        using (var import = new RecipientsService.RecipientsServiceClient(invoker).ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { R.Candidate("r1", "r1@ring.example") } });
            await import.RequestStream.CompleteAsync();
            await import;
        }

        var template = (await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Ring", Subject = "Hi", HtmlBody = "<p>Hi</p>" },
        })).Template.Id;

        var k1Link = await SendAndReadLinkAsync(a, key, template, "first");
        Assert.StartsWith($"{BaseUrl}/unsubscribe/k1.", k1Link, StringComparison.Ordinal);
        Assert.True(await AsksAsync(a, k1Link));
        Assert.True(await AsksAsync(b, k1Link));

        await a.RunAdminAsync("rotate-unsubscribe-key");
        // b would sign with k1 until its next refresh (a minute): out of the way while a sends.
        b.Kill();
        a.Kill();
        await a.StartAsync();
        var k2Link = await SendAndReadLinkAsync(a, key, template, "after-rotation");
        Assert.StartsWith($"{BaseUrl}/unsubscribe/k2.", k2Link, StringComparison.Ordinal);
        Assert.True(await AsksAsync(a, k1Link));
        await b.StartAsync();
        Assert.True(await AsksAsync(b, k1Link));
        Assert.True(await AsksAsync(b, k2Link));

        var retired = await a.RunAdminAsync("retire-unsubscribe-key", "--key", "k1");
        Assert.Equal(("k2", "k2"), (retired["signing_key_id"], retired["verifying_key_ids"]));
        a.Kill();
        await a.StartAsync();
        Assert.False(await AsksAsync(a, k1Link));
        Assert.True(await AsksAsync(a, k2Link));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        await emulator.DisposeAsync();
        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private async Task<string> SendAndReadLinkAsync(ServerProcess server, string key, string templateId, string idempotencyKey)
    {
        await emulator.Http.PostAsync(new Uri(emulator.BaseAddress, "clear-store"), null);
        var sends = new MassSendService.MassSendServiceClient(server.Invoker(key));
        var send = (await sends.StartMassSendAsync(SendHelpers.Start(templateId, idempotencyKey))).Send;
        await SendHelpers.WaitAsync(sends, send.Id, s => s.State == SendState.Completed);
        return OptOutWorld.LinkOf(Assert.Single((await emulator.ReadStoreAsync()).Emails));
    }

    // True: the process shows the page that asks (the link verified); false: the neutral page.
    private static async Task<bool> AsksAsync(ServerProcess server, string link)
    {
        using var client = new HttpClient();
        var html = await client.GetStringAsync(new Uri(server.PublicAddress, new Uri(link).AbsolutePath));
        return html.Contains("<form", StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => new(store.Environment)
    {
        ["Ses__Endpoint"] = emulator.BaseAddress.ToString().TrimEnd('/'),
        ["Sending__PollInterval"] = "00:00:00.050",
        ["Demo__Seed"] = "false",
        // Outside Development the base URL must be public https: the test opens the links on each process's own port.
        ["Public__BaseUrl"] = BaseUrl,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}

public sealed class SqliteKeyRingProcessTests() : KeyRingProcessTests(StoreKind.Sqlite);

public sealed class MongoKeyRingProcessTests() : KeyRingProcessTests(StoreKind.Mongo);
