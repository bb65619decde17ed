using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Drills;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Testing;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// The built server as its own OS process (so that a crash is seen as one, not as a dead test host), on
/// one store, with the instant transport (hostile requests that are accepted may start sends), and a
/// <see cref="HostileWorld"/> in it.
/// </summary>
public abstract class HostileServerFixture(StoreKind kind) : IAsyncDisposable, IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-hostile-{Guid.NewGuid():N}");
    private readonly SemaphoreSlim gate = new(1, 1);
    private DrillStore? store;
    private ServerProcess? server;
    private string apiKey = "";
    private HostileWorld? world;

    public StoreKind Kind { get; } = kind;

    internal string SqlitePath => Path.Combine(directory, "massemail.db");

    internal string MongoDatabase => store?.Database ?? "";

    internal ServerProcess Server => server ?? throw new InvalidOperationException("not started");

    /// <summary>Calls to the running server with the world's key; a call that gives no deadline gets <see cref="DefaultDeadline"/>.</summary>
    internal CallInvoker Invoker => Server.Invoker(apiKey).Intercept(new DefaultDeadline(TimeSpan.FromMinutes(2)));

    /// <summary>Starts the server and builds the world on first use; skips the test when the store is unavailable here.</summary>
    internal async Task<HostileWorld> WorldAsync()
    {
        DrillStore.SkipIfUnavailable(Kind);
        await gate.WaitAsync();
        try
        {
            if (world is not null)
            {
                return world;
            }

            Directory.CreateDirectory(directory);
            store = new DrillStore(Kind, directory);
            server = new ServerProcess(
                ServerProcess.CopiedServerDll,
                new Dictionary<string, string>(store.Environment)
                {
                    ["Sending__Transport"] = "null",
                    // Outside Development the unsubscribe link must be a public https URL.
                    ["Public__BaseUrl"] = "https://unsubscribe.example/u",
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["AWS_EC2_METADATA_DISABLED"] = "true",
                    // The opt-out publisher would claim and settle the consent outbox entries a seed request wrote while
                    // the hostile variants run, and the store fingerprint would see its work, not theirs; so would the sync
                    // worker run a seed's "sync now".
                    ["Plugins__OptOuts__Enabled"] = "false",
                    ["Plugins__Syncs__Enabled"] = "false",
                    // Connections of the world reach nothing (port 9 on loopback), never a vendor, and fail at once.
                    ["Plugins__ZohoCampaigns__AccountsBaseUrl"] = "http://127.0.0.1:9/",
                    ["Plugins__ZohoCampaigns__CampaignsBaseUrl"] = "http://127.0.0.1:9/",
                    ["Plugins__ZohoCampaigns__Transport__RetryAttempts"] = "0",
                    ["Plugins__Mailchimp__BaseUrl"] = "http://127.0.0.1:9/",
                    ["Plugins__Mailchimp__Transport__RetryAttempts"] = "0",
                },
                directory);
            var created = await server.RunAdminAsync(
                "create-org", "--name", "Hostile", "--email", "office@hostile.example", "--admin-email", "admin@hostile.example",
                "--edition", "ENTERPRISE", "--bulk-daily-limit", "100000", "--json");
            apiKey = created.ApiKey;
            await server.StartAsync();
            world = await HostileWorld.CreateAsync(() => Invoker, created.AdminUserId);
            await QuiesceAsync();
            return world;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Starts the server again after it died or hung, so the remaining requests still run (the failure itself is reported).</summary>
    internal async Task RestartAsync()
    {
        Server.Kill();
        await Server.StartAsync();
    }

    /// <summary>What the store holds now, table by table.</summary>
    internal Task<IReadOnlyDictionary<string, string>> FingerprintAsync() => StoreFingerprint.TakeAsync(Kind, SqlitePath, MongoDatabase);

    /// <summary>
    /// Whether the server answers health SERVING, asked again while it is alive for up to a stall interval: on a
    /// loaded machine its store check (5 s) can time out once; a server that died or stays unhealthy is false.
    /// </summary>
    internal async Task<bool> IsServingAsync()
    {
        var since = System.Diagnostics.Stopwatch.StartNew();
        while (Server.Pid is not null)
        {
            try
            {
                var reply = await new Health.HealthClient(Invoker).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddMinutes(1));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return true;
                }
            }
            catch (RpcException)
            {
                // Not answering (yet): asked again below while the process lives.
            }

            if (since.Elapsed > Progress.Stall)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>Waits until no send is queued or sending, so that the store changes only through the next call.</summary>
    internal async Task QuiesceAsync()
    {
        var sends = new MassSendService.MassSendServiceClient(Invoker);
        await Progress.WaitAsync(
            async () =>
            {
                var active = new List<MassSend>();
                foreach (var state in new[] { SendState.Queued, SendState.Sending })
                {
                    active.AddRange((await sends.ListMassSendsAsync(new ListMassSendsRequest { State = state, PageSize = 100 })).Sends);
                }

                return active;
            },
            active => active.Count == 0,
            active => string.Join(",", active.Select(s => $"{s.Id}:{s.Counts?.Pending}")),
            active => $"{active.Count} send(s) still queued or sending");
    }

    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    public async ValueTask DisposeAsync()
    {
        server?.Dispose();
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteHostileServerFixture() : HostileServerFixture(StoreKind.Sqlite);

public sealed class MongoHostileServerFixture() : HostileServerFixture(StoreKind.Mongo);
