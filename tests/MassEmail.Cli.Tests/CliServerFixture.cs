namespace MassEmail.Cli.Tests;

/// <summary>
/// A server of the CLI tests' own (the built server binary on SQLite, the SES emulator) with one organisation
/// and its admin key: the CLI's behaviour does not depend on dev/test having started the Quick start service.
/// </summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    private readonly SesEmulatorFixture ses = new();
    private readonly TempDirectory directory = new();
    private ServerProcess? server;

    public string Url => server!.Address.ToString().TrimEnd('/');

    public string ApiKey { get; private set; } = "";

    public string? SkipReason => ses.SkipReason;

    public async Task InitializeAsync()
    {
        await ses.InitializeAsync();
        if (ses.SkipReason is not null)
        {
            return;
        }

        server = new ServerProcess(ServerProcess.CopiedServerDll, new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Sqlite",
            ["Storage__Sqlite__Path"] = Path.Combine(directory.Path, "massemail.db"),
            ["Ses__Endpoint"] = ses.BaseAddress.ToString(),
            ["Demo__Seed"] = "false",
            // Outside Development the unsubscribe link must be a public https URL.
            ["Public__BaseUrl"] = "https://unsubscribe.example/u",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        }, directory.Path);
        ApiKey = (await server.RunAdminAsync(
            "create-org", "--name", "CLI tests", "--email", "office@cli-tests.example", "--admin-email", "admin@cli-tests.example",
            "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000")).ApiKey;
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        await ses.DisposeAsync();
        directory.Dispose();
    }
}
