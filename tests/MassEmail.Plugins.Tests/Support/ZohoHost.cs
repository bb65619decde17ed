using MassEmail.Core.Connections;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests;

/// <summary>
/// One service instance's plugin, composed as the server composes it (<c>AddZohoCampaignsPlugin</c>), pointed at a
/// <see cref="FakeZohoCampaigns"/>, on the test's virtual time, every log line of every category captured. Instances
/// given one <c>sharedTokens</c> and one <c>sharedWindows</c> behave as instances on one store.
/// </summary>
internal sealed class ZohoHost : IDisposable
{
    private readonly ServiceProvider services;

    public ZohoHost(FakeZohoCampaigns fake, FakeTimeProvider time, IAccessTokenCache? sharedTokens = null, IEndpointCallStore? sharedWindows = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        if (sharedTokens is not null)
        {
            collection.AddSingleton(sharedTokens);
        }

        if (sharedWindows is not null)
        {
            collection.AddSingleton(sharedWindows);
        }

        collection.AddZohoCampaignsPlugin(o =>
        {
            o.AccountsBaseUrl = fake.BaseAddress;
            o.CampaignsBaseUrl = fake.BaseAddress;
            o.Transport.RetryDelay = TimeSpan.FromMilliseconds(5);
            o.Transport.OutageBackoff = TimeSpan.FromMinutes(1);
        });
        services = collection.BuildServiceProvider();
        Plugin = services.GetRequiredService<ICampaignToolPlugin>();
    }

    public ICampaignToolPlugin Plugin { get; }

    public FakeLogCollector Logs => services.GetFakeLogCollector();

    public static PluginConnection Connection(string id = "conn-1") => new(id, ZohoCampaignsPlugin.VendorName, "eu", new PluginCredentials(
        new Dictionary<string, string>
        {
            ["client_id"] = FakeZohoCampaigns.ClientId,
            ["client_secret"] = FakeZohoCampaigns.ClientSecret,
            ["refresh_token"] = FakeZohoCampaigns.RefreshToken,
            ["webhook_secret"] = "zoho-webhook-secret-77a1",
        }));

    public void Dispose() => services.Dispose();
}
