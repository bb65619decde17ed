using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>The SES emulator reporting a MaxSendRate high enough for thousands of messages in seconds.</summary>
public sealed class FastSesEmulator() : SesEmulatorFixture(5000);

/// <summary>A server (SQLite) whose transport is the SES emulator of <see cref="FastSesEmulator"/>.</summary>
public sealed class EmulatorServer : IAsyncLifetime
{
    public FastSesEmulator Emulator { get; } = new();

    public MassEmailServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        if (Emulator.SkipReason is null)
        {
            Server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?>
            {
                ["Ses:Endpoint"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
                ["Sending:BatchSize"] = "200",
                ["Sending:Concurrency"] = "16",
                ["Sending:UnsubscribeBaseUrl"] = "https://mail.example.com/unsubscribe",
                ["Sending:IndividualDailyProfessional"] = "2",
            });
        }
    }

    public void SkipIfUnavailable() => Skip.If(Emulator.SkipReason is not null, Emulator.SkipReason);

    public async Task DisposeAsync()
    {
        Server?.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>The SES emulator at 40 messages per second, so that sends last long enough to pause and cancel.</summary>
public sealed class SlowSesEmulator() : SesEmulatorFixture(40);

/// <summary>A server (SQLite) on the slow emulator with small batches.</summary>
public sealed class SlowEmulatorServer : IAsyncLifetime
{
    public SlowSesEmulator Emulator { get; } = new();

    public MassEmailServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        if (Emulator.SkipReason is null)
        {
            Server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?>
            {
                ["Ses:Endpoint"] = Emulator.BaseAddress.ToString().TrimEnd('/'),
                ["Sending:PollInterval"] = "00:00:00.050",
                ["Sending:BatchSize"] = "10",
                ["Sending:Concurrency"] = "4",
            });
        }
    }

    public void SkipIfUnavailable() => Skip.If(Emulator.SkipReason is not null, Emulator.SkipReason);

    public async Task DisposeAsync()
    {
        Server?.Dispose();
        await Emulator.DisposeAsync();
    }
}
