using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>A server (SQLite) whose transport is a real SES emulator reporting <paramref name="maxSendRate"/>.</summary>
public abstract class EmulatorServerFixture(double maxSendRate, IDictionary<string, string?> settings) : IAsyncLifetime
{
    public SesEmulatorFixture Emulator { get; } = new RateEmulator(maxSendRate);

    public MassEmailServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        if (Emulator.SkipReason is null)
        {
            var all = new Dictionary<string, string?>(settings)
            {
                ["Ses:Endpoint"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
            };
            Server = new MassEmailServer(StoreKind.Sqlite, all);
        }
    }

    public void SkipIfUnavailable() => Skip.If(Emulator.SkipReason is not null, Emulator.SkipReason);

    public async Task DisposeAsync()
    {
        Server?.Dispose();
        await Emulator.DisposeAsync();
    }

    private sealed class RateEmulator(double maxSendRate) : SesEmulatorFixture(maxSendRate);
}

/// <summary>A MaxSendRate high enough for thousands of messages in seconds; two test sends per user per day.</summary>
public sealed class EmulatorServer() : EmulatorServerFixture(5000, new Dictionary<string, string?>
{
    ["Sending:BatchSize"] = "200",
    ["Sending:Concurrency"] = "16",
    ["Sending:UnsubscribeBaseUrl"] = "https://mail.example.com/unsubscribe",
    ["Sending:IndividualDailyProfessional"] = "2",
});

/// <summary>40 messages per second and small batches, so that sends last long enough to pause and cancel.</summary>
public sealed class SlowEmulatorServer() : EmulatorServerFixture(40, new Dictionary<string, string?>
{
    ["Sending:BatchSize"] = "10",
    ["Sending:Concurrency"] = "4",
});
