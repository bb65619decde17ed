using MassEmail.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace MassEmail.Server.Secrets;

/// <summary>Data Protection with its key ring in the store, and the <see cref="ISecretProtector"/> on it.</summary>
internal static class SecretsServiceCollectionExtensions
{
    /// <summary>The application name every instance shares: keys protect only for the same name.</summary>
    public const string ApplicationName = "massemail";

    /// <summary>
    /// Registers Data Protection on the store's key ring. Call after the store initialiser's hosted service: the
    /// framework's own hosted service reads (and on an empty store creates) the ring at start-up, and needs the schema.
    /// </summary>
    public static IServiceCollection AddStoredSecrets(this IServiceCollection services)
    {
        services.AddSingleton<StoreXmlRepository>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        MoveKeyRingLoaderLast(services);
        services.AddOptions<KeyManagementOptions>().Configure<StoreXmlRepository>((o, repository) => o.XmlRepository = repository);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }

    /// <summary>
    /// The framework registers its key-ring loader (a hosted service) with the first AddDataProtection, which the web
    /// host's defaults may have made before the store's initialiser was registered: it would then read the ring before
    /// the schema exists (an error logged on a new SQLite file, a key created before the indexes on MongoDB). Moved to
    /// the end, it starts after every hosted service registered so far.
    /// </summary>
    private static void MoveKeyRingLoaderLast(IServiceCollection services)
    {
        var loaders = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == KeyRingLoaderName).ToList();
        foreach (var loader in loaders)
        {
            services.Remove(loader);
            services.Add(loader);
        }
    }

    /// <summary>The framework's internal hosted service that loads the key ring at start-up.</summary>
    public const string KeyRingLoaderName = "DataProtectionHostedService";
}
