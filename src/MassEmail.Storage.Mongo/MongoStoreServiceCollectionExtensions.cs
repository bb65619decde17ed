using MassEmail.Core.Connections;
using MassEmail.Core.Consent;
using MassEmail.Core.Deliverability;
using MassEmail.Core.Macros;
using MassEmail.Core.OptOut;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Secrets;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Individual;
using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Storage;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Syncs;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Mongo.Connections;
using MassEmail.Storage.Mongo.Deliverability;
using MassEmail.Storage.Mongo.Macros;
using MassEmail.Storage.Mongo.OptOut;
using MassEmail.Storage.Mongo.Recipients;
using MassEmail.Storage.Mongo.Recipients.Audience;
using MassEmail.Storage.Mongo.Recipients.Criteria;
using MassEmail.Storage.Mongo.Secrets;
using MassEmail.Storage.Mongo.Sending;
using MassEmail.Storage.Mongo.Suppressions;
using MassEmail.Storage.Mongo.Syncs;
using MassEmail.Storage.Mongo.Templates;
using MassEmail.Storage.Mongo.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MongoDB store.</summary>
public static class MongoStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every store interface on one MongoDB database (section <see cref="MongoStoreOptions.SectionName"/>),
    /// a shared <see cref="IMongoClient"/> and the <see cref="IStoreInitializer"/> that creates the indexes,
    /// which the host must run before serving.
    /// </summary>
    public static IServiceCollection AddMongoStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MongoStoreOptions>()
            .Bind(configuration.GetSection(MongoStoreOptions.SectionName))
            .Validate(o => IsConnectionString(o.ConnectionString), $"{MongoStoreOptions.SectionName}:ConnectionString must be a valid mongodb:// or mongodb+srv:// URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Database), $"{MongoStoreOptions.SectionName}:Database is required.")
            .Validate(o => o.QueryTimeLimit > TimeSpan.Zero, $"{MongoStoreOptions.SectionName}:QueryTimeLimit must be positive.")
            .Validate(o => o.SnapshotTimeLimit > TimeSpan.Zero, $"{MongoStoreOptions.SectionName}:SnapshotTimeLimit must be positive.")
            .Validate(o => o.ClientConditionInlineLimit >= 0, $"{MongoStoreOptions.SectionName}:ClientConditionInlineLimit must not be negative.")
            .ValidateOnStart();

        // One client per process: it owns the connection pools and server monitoring.
        services.TryAddSingleton<IMongoClient>(sp =>
            new MongoClient(sp.GetRequiredService<IOptions<MongoStoreOptions>>().Value.ConnectionString));
        services.AddSingleton(sp => new MongoCollections(
            sp.GetRequiredService<IMongoClient>().GetDatabase(sp.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database)));

        services.AddSingleton<IStoreInitializer, MongoStoreInitializer>();
        services.AddSingleton<IOrganisationStore, MongoOrganisationStore>();
        services.AddSingleton<MongoAdminAccess>();
        services.AddSingleton<IUserStore, MongoUserStore>();
        services.AddSingleton<IApiKeyStore, MongoApiKeyStore>();
        services.AddSingleton<ITemplateFolderStore, MongoTemplateFolderStore>();
        services.AddSingleton<ITemplateStore, MongoTemplateStore>();
        services.AddSingleton<MongoCriteriaTranslator>();
        services.AddSingleton<IRecordStore, MongoRecordStore>();
        services.AddSingleton<ICustomFieldStore, MongoCustomFieldStore>();
        services.AddSingleton<ICustomViewStore, MongoCustomViewStore>();
        services.AddSingleton<IMacroStore, MongoMacroStore>();
        services.AddSingleton<MassEmail.Core.Autoresponders.IAutoresponderStore, MassEmail.Storage.Mongo.Autoresponders.MongoAutoresponderStore>();
        services.AddSingleton<MassEmail.Core.Scheduling.IScheduleStore, MassEmail.Storage.Mongo.Scheduling.MongoScheduleStore>();
        services.AddSingleton<IMailingListStore, MongoMailingListStore>();
        services.AddSingleton<IListSubscriptionStore, MongoListSubscriptionStore>();
        services.AddSingleton<IAudienceStore, MongoAudienceStore>();
        services.AddSingleton<IMassSendStore, MongoMassSendStore>();
        services.AddSingleton<IDeliveryStore, MongoDeliveryStore>();
        services.AddSingleton<IQuotaStore, MongoQuotaStore>();
        services.AddSingleton<ISigningKeyStore, MongoSigningKeyStore>();
        services.AddSingleton<IDataProtectionKeyStore, MongoDataProtectionKeyStore>();
        services.AddSingleton<IConnectionStore, MongoConnectionStore>();
        services.AddSingleton<ISyncDefinitionStore, MongoSyncDefinitionStore>();
        services.AddSingleton<IAccessTokenStore, MongoAccessTokenStore>();
        services.AddSingleton<IEndpointCallStore, MongoEndpointCallStore>();
        services.AddSingleton<IRateGroupStore, MongoRateGroupStore>();
        services.AddSingleton<ISuppressionStore, MongoSuppressionStore>();
        services.AddSingleton<IIndividualEmailStore, MongoIndividualEmailStore>();
        services.AddSingleton<IConsentStore, MassEmail.Storage.Mongo.Consent.MongoConsentStore>();
        services.AddSingleton<MassEmail.Core.Syncs.IOptOutPollStore, MassEmail.Storage.Mongo.Syncs.MongoOptOutPollStore>();
        services.AddSingleton<IProcessedEventStore, MongoProcessedEventStore>();
        services.AddSingleton<IDeliveryEventStore, MongoDeliveryEventStore>();
        return services;
    }

    private static bool IsConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            _ = MongoUrl.Create(value);
            return true;
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            return false;
        }
    }
}
