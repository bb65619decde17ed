using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// A server whose campaign-tool plugins talk to a fake Zoho Campaigns and a fake Mailchimp on 127.0.0.1, every log line
/// of every category captured (the secrets tests grep them).
/// </summary>
public abstract class PluginsServerFixture(StoreKind store) : IAsyncLifetime
{
    public const string ZohoList = "zoho-list-1";
    public const string MailchimpList = "mc-list-1";

    private MassEmailServer? server;

    public FakeZohoCampaigns Zoho { get; private set; } = null!;

    public FakeMailchimp Mailchimp { get; private set; } = null!;

    public MassEmailServer Server
    {
        get
        {
            var reason = MassEmailServer.UnavailableReason(store);
            Skip.If(reason is not null, reason);
            return server!;
        }
    }

    public FakeLogCollector Logs => Server.Services.GetFakeLogCollector();

    public async Task InitializeAsync()
    {
        Zoho = await FakeZohoCampaigns.StartAsync(TimeProvider.System);
        Zoho.AddList(ZohoList, "Candidates 2026");
        Mailchimp = await FakeMailchimp.StartAsync(TimeProvider.System);
        Mailchimp.AddList(MailchimpList);
        if (MassEmailServer.UnavailableReason(store) is not null)
        {
            return;
        }

        server = new MassEmailServer(
            store,
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = Zoho.BaseAddress.ToString(),
                ["Plugins:ZohoCampaigns:CampaignsBaseUrl"] = Zoho.BaseAddress.ToString(),
                ["Plugins:Mailchimp:BaseUrl"] = Mailchimp.BaseAddress.ToString(),
            },
            services => services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging()));
        _ = server.Services;
    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        await Zoho.DisposeAsync();
        await Mailchimp.DisposeAsync();
    }
}

public sealed class SqlitePluginsServerFixture() : PluginsServerFixture(StoreKind.Sqlite);

public sealed class MongoPluginsServerFixture() : PluginsServerFixture(StoreKind.Mongo);
