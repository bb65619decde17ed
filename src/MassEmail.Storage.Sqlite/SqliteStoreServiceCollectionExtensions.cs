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
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Connections;
using MassEmail.Storage.Sqlite.Consent;
using MassEmail.Storage.Sqlite.Deliverability;
using MassEmail.Storage.Sqlite.Macros;
using MassEmail.Storage.Sqlite.OptOut;
using MassEmail.Storage.Sqlite.Recipients;
using MassEmail.Storage.Sqlite.Secrets;
using MassEmail.Storage.Sqlite.Sending;
using MassEmail.Storage.Sqlite.Suppressions;
using MassEmail.Storage.Sqlite.Syncs;
using MassEmail.Storage.Sqlite.Templates;
using MassEmail.Storage.Sqlite.Tenancy;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded SQLite store.</summary>
public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every store interface on one SQLite file (section <see cref="SqliteStoreOptions.SectionName"/>)
    /// and its <see cref="IStoreInitializer"/>, which the host must run before serving.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteStoreOptions>()
            .Bind(configuration.GetSection(SqliteStoreOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), $"{SqliteStoreOptions.SectionName}:Path is required.")
            .Validate(
                o => !o.Path.Trim().Equals(":memory:", StringComparison.OrdinalIgnoreCase),
                $"{SqliteStoreOptions.SectionName}:Path must be a file: an in-memory database is not shared between connections.")
            .Validate(o => o.BusyTimeoutMilliseconds >= 0, $"{SqliteStoreOptions.SectionName}:BusyTimeoutMilliseconds must not be negative.")
            .ValidateOnStart();

        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<IStoreInitializer, SqliteStoreInitializer>();
        services.AddSingleton<IOrganisationStore, SqliteOrganisationStore>();
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.AddSingleton<ITemplateFolderStore, SqliteTemplateFolderStore>();
        services.AddSingleton<ITemplateStore, SqliteTemplateStore>();
        services.AddSingleton<IRecordStore, SqliteRecordStore>();
        services.AddSingleton<ICustomFieldStore, SqliteCustomFieldStore>();
        services.AddSingleton<IAudienceStore, SqliteAudienceStore>();
        services.AddSingleton<ICustomViewStore, SqliteCustomViewStore>();
        services.AddSingleton<IMacroStore, SqliteMacroStore>();
        services.AddSingleton<MassEmail.Core.Autoresponders.IAutoresponderStore, MassEmail.Storage.Sqlite.Autoresponders.SqliteAutoresponderStore>();
        services.AddSingleton<MassEmail.Core.Scheduling.IScheduleStore, MassEmail.Storage.Sqlite.Scheduling.SqliteScheduleStore>();
        services.AddSingleton<IMailingListStore, SqliteMailingListStore>();
        services.AddSingleton<IListSubscriptionStore, SqliteListSubscriptionStore>();
        services.AddSingleton<IMassSendStore, SqliteMassSendStore>();
        services.AddSingleton<IDeliveryStore, SqliteDeliveryStore>();
        services.AddSingleton<IQuotaStore, SqliteQuotaStore>();
        services.AddSingleton<ISigningKeyStore, SqliteSigningKeyStore>();
        services.AddSingleton<IDataProtectionKeyStore, SqliteDataProtectionKeyStore>();
        services.AddSingleton<IConnectionStore, SqliteConnectionStore>();
        services.AddSingleton<ISyncDefinitionStore, SqliteSyncDefinitionStore>();
        services.AddSingleton<IAccessTokenStore, SqliteAccessTokenStore>();
        services.AddSingleton<IEndpointCallStore, SqliteEndpointCallStore>();
        services.AddSingleton<IRateGroupStore, SqliteRateGroupStore>();
        services.AddSingleton<ISuppressionStore, SqliteSuppressionStore>();
        services.AddSingleton<IIndividualEmailStore, SqliteIndividualEmailStore>();
        services.AddSingleton<IConsentStore, SqliteConsentStore>();
        services.AddSingleton<MassEmail.Core.Syncs.IOptOutPollStore, MassEmail.Storage.Sqlite.OptOuts.SqliteOptOutPollStore>();
        services.AddSingleton<IProcessedEventStore, SqliteProcessedEventStore>();
        services.AddSingleton<IDeliveryEventStore, SqliteDeliveryEventStore>();
        return services;
    }
}
