using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// A server on <paramref name="store"/> whose transport is a real SES emulator reporting <paramref name="maxSendRate"/>.
/// On a store that cannot be used here, nothing is started and the tests skip with the reason.
/// With <paramref name="kestrel"/> the server runs on real Kestrel (gRPC and the public endpoint on free ports).
/// </summary>
public abstract class EmulatorServerFixture(StoreKind store, double maxSendRate, IDictionary<string, string?> settings, bool kestrel = false) : IAsyncLifetime
{
    public SesEmulatorFixture Emulator { get; } = new RateEmulator(maxSendRate);

    public MassEmailServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (MassEmailServer.UnavailableReason(store) is not null)
        {
            return;
        }

        await Emulator.InitializeAsync();
        if (Emulator.SkipReason is null)
        {
            var all = new Dictionary<string, string?>(settings)
            {
                ["Ses:Endpoint"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
            };
            Server = new MassEmailServer(store, all, kestrel: kestrel);
        }
    }

    public void SkipIfUnavailable()
    {
        var storeReason = MassEmailServer.UnavailableReason(store);
        Skip.If(storeReason is not null, storeReason);
        Skip.If(Emulator.SkipReason is not null, Emulator.SkipReason);
    }

    public async Task DisposeAsync()
    {
        Server?.Dispose();
        await Emulator.DisposeAsync();
    }

    private sealed class RateEmulator(double maxSendRate) : SesEmulatorFixture(maxSendRate);
}

/// <summary>A MaxSendRate high enough for thousands of messages in seconds, two batches in flight; two test sends per user per day.</summary>
public abstract class EmulatorServer(StoreKind store) : EmulatorServerFixture(store, 5000, new Dictionary<string, string?>
{
    ["Sending:BatchSize"] = "200",
    ["Sending:BatchesInFlight"] = "2",
    ["Sending:Concurrency"] = "16",
    ["Public:BaseUrl"] = "https://mail.example.com",
    ["Sending:IndividualDailyProfessional"] = "2",
});

public sealed class SqliteEmulatorServer() : EmulatorServer(StoreKind.Sqlite);

public sealed class MongoEmulatorServer() : EmulatorServer(StoreKind.Mongo);

/// <summary>40 messages per second and small batches in one lane, so that sends last long enough to pause and cancel.</summary>
public abstract class SlowEmulatorServer(StoreKind store) : EmulatorServerFixture(store, 40, new Dictionary<string, string?>
{
    ["Sending:BatchSize"] = "10",
    ["Sending:BatchesInFlight"] = "1",
    ["Sending:Concurrency"] = "4",
});

public sealed class SqliteSlowEmulatorServer() : SlowEmulatorServer(StoreKind.Sqlite);

public sealed class MongoSlowEmulatorServer() : SlowEmulatorServer(StoreKind.Mongo);
