using MassEmail.Core.OptOut;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MassEmail.Core;

/// <summary>Registers Core's use cases. Stores, transports and template engines come from their own extensions.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddMassEmailCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<Provisioning>();
        services.AddSingleton<OrganisationAdminService>();
        services.AddSingleton<TemplateCompiler>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<TemplateFolderService>();
        services.AddSingleton<TemplatePreviewService>();
        services.AddSingleton<RecordService>();
        services.AddSingleton<CustomViewService>();
        services.AddSingleton<MailingListService>();
        services.AddSingleton<AudienceService>();
        services.AddOptions<SendingOptions>().BindConfiguration(SendingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuotaPolicy>();
        services.AddOptions<PublicOptions>().BindConfiguration(PublicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UnsubscribeKeys>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<OptOutService>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<ProviderAccountCheck>();
        services.AddSingleton<ProviderQuotaResumer>();
        services.AddSingleton<MassSendService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<SnapshotRunner>();
        services.AddSingleton<SendDispatcher>();
        services.AddSingleton<TransportLimiter>();
        return services;
    }
}
