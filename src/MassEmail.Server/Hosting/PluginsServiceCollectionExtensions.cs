using MassEmail.Core.Connections;
using MassEmail.Core.Secrets;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp;
using MassEmail.Plugins.ZohoCampaigns;

namespace MassEmail.Server.Hosting;

/// <summary>
/// The campaign-tool plugins (Zoho Campaigns, Mailchimp) with the access-token cache in the store, and the connections
/// service. Vendor hosts follow each connection's data centre; the base-address settings
/// (<c>Plugins:ZohoCampaigns:AccountsBaseUrl</c>, <c>…:CampaignsBaseUrl</c>, <c>Plugins:Mailchimp:BaseUrl</c>) exist for
/// tests and must name a loopback address, so that no configuration can send a connection's credentials to another host.
/// </summary>
internal static class PluginsServiceCollectionExtensions
{
    public static IServiceCollection AddCampaignToolPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the plugins: they register the in-memory cache only when none is registered.
        services.AddOptions<StoreAccessTokenCacheOptions>().BindConfiguration("Plugins:AccessTokens");
        services.AddSingleton<IAccessTokenCache>(sp => new StoreAccessTokenCache(
            sp.GetRequiredService<IAccessTokenStore>(), sp.GetRequiredService<ISecretProtector>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreAccessTokenCacheOptions>>().Value));
        services.AddZohoCampaignsPlugin(o => configuration.GetSection(ZohoCampaignsOptions.SectionName).Bind(o));
        services.AddOptions<ZohoCampaignsOptions>()
            .Validate(o => IsLoopbackOrNull(o.AccountsBaseUrl) && IsLoopbackOrNull(o.CampaignsBaseUrl),
                $"{ZohoCampaignsOptions.SectionName}:AccountsBaseUrl and CampaignsBaseUrl are for tests: a loopback address (http://127.0.0.1:port/) or unset")
            .ValidateOnStart();
        services.AddMailchimpPlugin(o => configuration.GetSection(MailchimpOptions.SectionName).Bind(o));
        services.AddOptions<MailchimpOptions>()
            .Validate(o => IsLoopbackOrNull(o.BaseUrl), $"{MailchimpOptions.SectionName}:BaseUrl is for tests: a loopback address (http://127.0.0.1:port/) or unset")
            .ValidateOnStart();
        services.AddSingleton<ConnectionService>();
        services.AddSingleton<SyncDefinitionService>();
        services.AddSingleton<WebhookService>();
        services.AddOptions<OptOutOptions>().BindConfiguration(OptOutOptions.SectionName)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.IdleDelay > TimeSpan.Zero && o.Lease >= TimeSpan.FromSeconds(2) && o.RetryDelay > TimeSpan.Zero
                && o.OutboxBatchSize is >= 1 and <= 10_000 && o.MaxPagesPerPoll >= 1,
                $"{OptOutOptions.SectionName}: PollInterval, IdleDelay and RetryDelay must be positive, Lease at least 2 seconds, OutboxBatchSize 1 to 10000, MaxPagesPerPoll at least 1")
            .ValidateOnStart();
        services.AddSingleton<RemoteOptOutApplier>();
        services.AddSingleton<OptOutPublisher>();
        services.AddSingleton<OptOutPoller>();
        services.AddHostedService<Plugins.OptOutWorker>();
        services.AddOptions<SyncRunOptions>().BindConfiguration(SyncRunOptions.SectionName)
            .Validate(o => o.IdleDelay > TimeSpan.Zero && o.Lease >= TimeSpan.FromSeconds(3) && o.RetryDelay > TimeSpan.Zero && o.Overlap >= TimeSpan.Zero
                && o.ContinuousInterval > TimeSpan.Zero
                && o.PageSize is >= 1 and <= 10_000,
                $"{SyncRunOptions.SectionName}: IdleDelay, RetryDelay and ContinuousInterval must be positive, Lease at least 3 seconds, Overlap not negative, PageSize 1 to 10000")
            .ValidateOnStart();
        services.AddSingleton<SyncRunner>();
        services.AddHostedService<Plugins.SyncWorker>();
        return services;
    }

    private static bool IsLoopbackOrNull(Uri? address) => address is null || (address.IsAbsoluteUri && address.IsLoopback);
}
