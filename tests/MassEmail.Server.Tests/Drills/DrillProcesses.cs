using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Server processes on one drill store, each sending through its own fake SES of one account (each fake reports
/// the account's MaxSendRate): together the fakes' logs are what the account received, and each log shows what its
/// process sent. Or all sending through one SES endpoint, such as the SES emulator. Seeds and starts sends through
/// the first process. Disposing stops the processes and the fakes
/// and deletes the store.
/// </summary>
internal sealed class DrillProcesses : IAsyncDisposable
{
    private readonly string directory;
    private readonly DrillStore store;
    private string? apiKey;

    /// <param name="name">Names the drill's temporary directory.</param>
    public DrillProcesses(StoreKind kind, string name)
    {
        directory = Path.Combine(Path.GetTempPath(), $"massemail-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        store = new DrillStore(kind, directory);
    }

    public List<FakeSes> Fakes { get; } = [];

    public List<ServerProcess> Servers { get; } = [];

    /// <summary>The organisation's admin key (after <see cref="StartAsync"/>).</summary>
    public string ApiKey => apiKey ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the processes, each with its own fake SES, after creating an organisation with the admin command.</summary>
    /// <param name="settings">The drill's own settings (environment variable names), beside the store and the fake SES.</param>
    public async Task StartAsync(int processes, FakeSesOptions ses, IReadOnlyDictionary<string, string> settings)
    {
        for (var i = 0; i < processes; i++)
        {
            var fake = await FakeSes.StartAsync(ses);
            Fakes.Add(fake);
            Servers.Add(new ServerProcess(ServerProcess.CopiedServerDll, ServerEnvironment(fake.BaseAddress, settings), directory));
        }

        await CreateAndStartAsync();
    }

    /// <summary>
    /// Starts the processes, all sending through one SES endpoint (e.g. the SES emulator, whose store is then what the
    /// account received), after creating an organisation with the admin command.
    /// </summary>
    /// <param name="settings">The drill's own settings (environment variable names), beside the store and the SES endpoint.</param>
    public async Task StartAsync(int processes, Uri ses, IReadOnlyDictionary<string, string> settings)
    {
        for (var i = 0; i < processes; i++)
        {
            Servers.Add(new ServerProcess(ServerProcess.CopiedServerDll, ServerEnvironment(ses, settings), directory));
        }

        await CreateAndStartAsync();
    }

    /// <summary>Creates another organisation (Enterprise, a bulk quota of 100,000 a day) with the admin command; returns its admin key.</summary>
    public async Task<string> CreateOrganisationAsync(string name, string email) =>
        (await Servers[0].RunAdminAsync(
            "create-org", "--name", name, "--email", email, "--admin-email", $"admin.{email}",
            "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000")).ApiKey;

    /// <summary>Imports <paramref name="recipients"/> candidates (<c>r00000@domain</c> on), creates a template and starts one send to all of them.</summary>
    public async Task<(MassSendService.MassSendServiceClient Sends, MassSend Send)> StartSendAsync(int recipients, string domain, string idempotencyKey)
    {
        var invoker = Servers[0].Invoker(ApiKey);
        using (var import = new RecipientsService.RecipientsServiceClient(invoker).ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { Enumerable.Range(0, recipients).Select(i => R.Candidate($"t{i:D5}", $"r{i:D5}@{domain}", $"P{i}")) },
            });
            await import.RequestStream.CompleteAsync();
            Assert.Equal(recipients, (await import).Inserted);
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Drill", Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>{{ record.first_name }}</p>" },
        });
        var sends = new MassSendService.MassSendServiceClient(invoker);
        return (sends, (await sends.StartMassSendAsync(SendHelpers.Start(template.Template.Id, idempotencyKey))).Send);
    }

    /// <summary>Waits until no fake answers a request any more (late answers included).</summary>
    public async Task WaitIdleAsync()
    {
        foreach (var fake in Fakes)
        {
            await fake.WaitIdleAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Servers.ForEach(s => s.Dispose());
        foreach (var fake in Fakes)
        {
            await fake.DisposeAsync();
        }

        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private async Task CreateAndStartAsync()
    {
        apiKey = await CreateOrganisationAsync("Drill", "drill@example.com");
        await Task.WhenAll(Servers.Select(s => s.StartAsync()));
    }

    private Dictionary<string, string> ServerEnvironment(Uri ses, IReadOnlyDictionary<string, string> settings) =>
        store.ServerEnvironment(new Dictionary<string, string>(settings) { ["Ses__Endpoint"] = ses.ToString() });
}
