using MassEmail.Core.Connections;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns;
using MassEmail.Plugins.ZohoCampaigns.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

public static class ZohoCampaignsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Zoho Campaigns plugin as an <see cref="ICampaignToolPlugin"/>: its Refit clients (accounts and
    /// Campaigns, with retries and timeouts), the shared access-token cache (in memory unless one is registered before)
    /// and the endpoint windows (counted in the registered <see cref="IEndpointCallStore"/> — the service's store, shared by
    /// every instance on it — or in memory when there is none).
    /// </summary>
    public static IServiceCollection AddZohoCampaignsPlugin(this IServiceCollection services, Action<ZohoCampaignsOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<ZohoCampaignsOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.Validate(o => o.OptOutPageSize is > 0 and <= 1000, "Plugins:ZohoCampaigns:OptOutPageSize must be 1–1000");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessTokenCache>(sp => new InMemoryAccessTokenCache(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEndpointCallStore, InMemoryEndpointCallStore>();
        services.TryAddSingleton(sp => new EndpointGates(sp.GetRequiredService<IEndpointCallStore>(), sp.GetRequiredService<TimeProvider>()));

        static TransportOptions Transport(IServiceProvider sp) => sp.GetRequiredService<IOptions<ZohoCampaignsOptions>>().Value.Transport;
        PluginTransport.Configure(services.AddRefitGeneratedClient<IZohoAccountsApi>(_ => ZohoJson.Settings()), "zoho-accounts", Transport);
        PluginTransport.Configure(services.AddRefitGeneratedClient<IZohoCampaignsApi>(_ => ZohoJson.Settings()), "zoho-campaigns", Transport);

        services.TryAddSingleton<ZohoAccessTokens>();
        services.TryAddSingleton<ZohoCaller>();
        services.TryAddSingleton(sp => new ZohoCampaignsPlugin(
            sp.GetRequiredService<IZohoCampaignsApi>(), sp.GetRequiredService<ZohoCaller>(),
            sp.GetRequiredService<IOptions<ZohoCampaignsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICampaignToolPlugin>(sp => sp.GetRequiredService<ZohoCampaignsPlugin>());
        return services;
    }
}
