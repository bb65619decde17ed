using System.Net;
using System.Net.Sockets;
using MassEmail.Server.Tests.Drills;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// The test kit's launcher when a port is lost between choosing and binding it (issue 10, item 8: two server
/// processes of one test once bound the same port, and one died with "address already in use").
/// </summary>
public sealed class ServerProcessTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-launcher-{Guid.NewGuid():N}");
    private readonly DrillStore store;
    private readonly TcpListener taken = new(IPAddress.Loopback, 0);

    public ServerProcessTests() => store = new DrillStore(StoreKind.Sqlite, directory);

    private int TakenPort => ((IPEndPoint)taken.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        taken.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StartAsync_FirstPortTakenByAnotherProgram_RelaunchesOnFreshPortsAndServes()
    {
        var handedOut = 0;
        using var server = Create(() => Interlocked.Increment(ref handedOut) == 1 ? TakenPort : FreePort.Next());

        await server.StartAsync();

        Assert.NotNull(server.Pid);
        Assert.NotEqual(TakenPort, server.Address.Port);
        Assert.Equal(4, handedOut);
        Assert.Contains("address already in use", server.OutputTail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StartAsync_PortAlwaysTaken_GivesUpAfterThreeLaunches()
    {
        var handedOut = 0;
        using var server = Create(() =>
        {
            Interlocked.Increment(ref handedOut);
            return TakenPort;
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(server.StartAsync);

        Assert.Contains($"lost the bind to its ports {ServerProcess.BindAttempts} times", error.Message, StringComparison.Ordinal);
        Assert.Equal(2 * ServerProcess.BindAttempts, handedOut);
        Assert.Null(server.Pid);
    }

    public async Task DisposeAsync()
    {
        taken.Dispose();
        await store.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private ServerProcess Create(Func<int> ports) =>
        new(ServerProcess.CopiedServerDll, new Dictionary<string, string>(store.Environment)
        {
            ["Demo__Seed"] = "false",
            // Outside Development the unsubscribe link must be a public https URL.
            ["Public__BaseUrl"] = "https://unsubscribe.example/u",
            ["Ses__Endpoint"] = "http://127.0.0.1:9",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        }, directory, ports);
}
