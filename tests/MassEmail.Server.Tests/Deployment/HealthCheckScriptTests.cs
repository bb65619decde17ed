using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// The image's health check (deploy/healthcheck.sh) against the built server started with the image's and the compose
/// file's environment (only the host names changed for this machine's: the test MongoDB, no SES): the server starts on
/// that configuration, the script says healthy while it serves and unhealthy once it is gone.
/// </summary>
public sealed class HealthCheckScriptTests : IAsyncLifetime
{
    private readonly string root = RepoRoot.Find();
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-healthcheck-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private ServerProcess? server;

    public HealthCheckScriptTests() => store = new DrillStore(StoreKind.Mongo, directory);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task HealthCheck_ServerOnTheComposeConfiguration_PassesWhileServingAndFailsOnceStopped()
    {
        DrillStore.SkipIfUnavailable(StoreKind.Mongo);
        Skip.If(ToolRun.Find("curl") is null, "curl is not installed here: the health check script needs it (the image installs it)");
        var script = Path.Combine(root, "deploy", "healthcheck.sh");
        server = new ServerProcess(ServerProcess.CopiedServerDll, ComposeEnvironment(), directory);
        await server.StartAsync();

        var serving = await ToolRun.RunAsync("sh", [script, server.Address.ToString().TrimEnd('/')], directory);
        server.Kill();
        var stopped = await ToolRun.RunAsync("sh", [script, server.Address.ToString().TrimEnd('/')], directory);

        Assert.True(serving.ExitCode == 0, $"the health check failed against a serving server:\n{serving.Output}");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("is not SERVING", stopped.Output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    // The image's ENV, then massemail-1's compose environment, then what this machine has instead of the compose network.
    private Dictionary<string, string> ComposeEnvironment()
    {
        var environment = new Dictionary<string, string>(DockerfileInstructions.Load(Path.Combine(root, "deploy", "Dockerfile")).Environment);
        foreach (var (key, value) in ComposeFile.Load(Path.Combine(root, "deploy", "compose.yaml")).Environment("massemail-1"))
        {
            environment[key] = value;
        }

        Assert.StartsWith("${MASSEMAIL_UNSUBSCRIBE_KEY:?", environment["Sending__UnsubscribeKey"], StringComparison.Ordinal);
        environment["Sending__UnsubscribeKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
        foreach (var (key, value) in store.Environment)
        {
            environment[key] = value;
        }

        // Loopback port 9 (discard): no SES is asked and the AWS chain is never walked.
        environment["Ses__Endpoint"] = "http://127.0.0.1:9";
        environment["Logging__LogLevel__Default"] = "Warning";
        return environment;
    }
}
