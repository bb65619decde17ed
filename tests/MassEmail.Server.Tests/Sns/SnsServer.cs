using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.Sns;

/// <summary>
/// A Kestrel server with the SES emulator and a <see cref="FakeSns"/> it trusts by configuration (test-only trust).
/// The fake starts first: the server's settings name its address.
/// </summary>
public abstract class SnsServer : EmulatorServerFixture, IAsyncLifetime
{
    private readonly Dictionary<string, string?> settings;

    protected SnsServer(StoreKind store)
        : this(store, [])
    {
    }

    private SnsServer(StoreKind store, Dictionary<string, string?> settings)
        : base(store, 5000, settings, kestrel: true) => this.settings = settings;

    public FakeSns Sns { get; } = new();

    /// <summary>The SNS subscription URL on the public endpoint.</summary>
    public Uri Endpoint => new(Server.PublicAddress!, "ses/sns");

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Sns.StartAsync();
        foreach (var (key, value) in Sns.Settings())
        {
            settings[key] = value;
        }

        await InitializeAsync();

        // The Kestrel server starts with its first use; the tests may begin with plain HTTP.
        _ = Server?.Services;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Sns.DisposeAsync();
    }
}

public sealed class SqliteSnsServer() : SnsServer(StoreKind.Sqlite);

public sealed class MongoSnsServer() : SnsServer(StoreKind.Mongo);
