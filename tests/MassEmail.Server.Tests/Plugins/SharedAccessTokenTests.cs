using MassEmail.Core;
using MassEmail.Core.Connections;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14 acceptance "two instances share one token (the fake counts token issues)": two server instances on one store
/// race for a connection's Zoho access token; the store-backed cache lets one of them ask Zoho under a lease while the
/// other waits for its result, and a token Zoho refuses is replaced once, not once per instance.
/// </summary>
public abstract class SharedAccessTokenTests(StoreKind store) : IAsyncLifetime
{
    private const string ListKey = "shared-token-list";
    private readonly List<MassEmailServer> servers = [];
    private FakeZohoCampaigns zoho = null!;

    public async Task InitializeAsync()
    {
        zoho = await FakeZohoCampaigns.StartAsync(TimeProvider.System);
        zoho.AddList(ListKey, "Shared");
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        await zoho.DisposeAsync();
    }

    [SkippableFact]
    public async Task TwoInstancesRacing_ForOneConnectionsToken_ZohoIssuesOne()
    {
        var (a, b) = TwoInstances();
        var connection = Connection();

        var lists = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Zoho(i % 2 == 0 ? a : b).ListRemoteListsAsync(connection, CancellationToken.None))));

        Assert.All(lists, l => Assert.Equal(ListKey, Assert.Single(l).Id));
        Assert.Equal(1, zoho.TokensIssued);
        Assert.Empty(zoho.Violations);
    }

    [SkippableFact]
    public async Task TokenRefusedBeforeItsExpiry_BothInstancesRacing_ReplacedOnce()
    {
        var (a, b) = TwoInstances();
        var connection = Connection();
        await Zoho(a).ListRemoteListsAsync(connection, CancellationToken.None);
        Assert.Equal(1, zoho.TokensIssued);
        zoho.ExpireAccessTokens();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Zoho(i % 2 == 0 ? a : b).ListRemoteListsAsync(connection, CancellationToken.None))));

        Assert.Equal(2, zoho.TokensIssued);
    }

    [SkippableFact]
    public async Task NewInstanceOnTheStore_UsesTheStoredToken_WithoutAskingZoho()
    {
        var (a, _) = TwoInstances();
        var connection = Connection();
        await Zoho(a).ListRemoteListsAsync(connection, CancellationToken.None);

        var restarted = Start(shareWith: a);
        await Zoho(restarted).ListRemoteListsAsync(connection, CancellationToken.None);

        Assert.Equal(1, zoho.TokensIssued);
    }

    [SkippableFact]
    public async Task RefreshLeaseOfAKilledInstance_AnotherInstanceRefreshesOnceItEnds()
    {
        var (a, _) = TwoInstances();
        var connection = Connection();
        // An instance killed (kill -9) while asking Zoho leaves its lease in the store; here it ends a second from now.
        // The key is the Zoho plugin's ("zoho-campaigns:" and the connection id).
        var now = DateTimeOffset.UtcNow;
        Assert.True(await a.Services.GetRequiredService<IAccessTokenStore>().TryLeaseAsync(
            $"{ZohoCampaignsPlugin.VendorName}:{connection.Id}", "killed-instance", now, now.AddSeconds(1), CancellationToken.None));

        var lists = await Zoho(a).ListRemoteListsAsync(connection, CancellationToken.None);

        Assert.Equal(ListKey, Assert.Single(lists).Id);
        Assert.True(DateTimeOffset.UtcNow >= now.AddSeconds(1), "the lease of the killed instance was not waited for");
        Assert.Equal(1, zoho.TokensIssued);
    }

    private static ICampaignToolPlugin Zoho(MassEmailServer server) =>
        server.Services.GetServices<ICampaignToolPlugin>().Single(p => p.Vendor == ZohoCampaignsPlugin.VendorName);

    private static PluginConnection Connection() => new(Ids.New(), ZohoCampaignsPlugin.VendorName, "eu", new PluginCredentials(new Dictionary<string, string>
    {
        ["client_id"] = FakeZohoCampaigns.ClientId,
        ["client_secret"] = FakeZohoCampaigns.ClientSecret,
        ["refresh_token"] = FakeZohoCampaigns.RefreshToken,
    }));

    private (MassEmailServer A, MassEmailServer B) TwoInstances()
    {
        var a = Start(shareWith: null);
        return (a, Start(shareWith: a));
    }

    private MassEmailServer Start(MassEmailServer? shareWith)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        var settings = new Dictionary<string, string?>
        {
            ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = zoho.BaseAddress.ToString(),
            ["Plugins:ZohoCampaigns:CampaignsBaseUrl"] = zoho.BaseAddress.ToString(),
        };
        var server = new MassEmailServer(store, shareWith?.SharingStore(settings) ?? settings);
        servers.Add(server);
        _ = server.Services;
        return server;
    }
}

[Trait("Store", "Sqlite")]
public sealed class SharedAccessTokenSqliteTests() : SharedAccessTokenTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SharedAccessTokenMongoTests() : SharedAccessTokenTests(StoreKind.Mongo);
