using MassEmail.Core.Deliverability;
using MassEmail.Core.OptOut;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.Individual;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Suppressions;
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
        services.AddOptions<AuthenticationOptions>().BindConfiguration(AuthenticationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
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
        services.AddSingleton<SendQuota>();
        services.AddSingleton<QuotaSettlement>();
        services.AddOptions<PublicOptions>().BindConfiguration(PublicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UnsubscribeKeys>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<SendUnsubscribes>();
        services.AddSingleton<OptOutService>();
        services.AddSingleton<Consent.ConsentService>();
        services.TryAddSingleton<IProviderSuppressionList, NoProviderSuppressionList>();
        services.AddSingleton<SuppressionService>();
        services.AddSingleton<ProviderEventService>();
        services.AddSingleton<EngagementService>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<ProviderAccountCheck>();
        services.AddSingleton<ProviderQuotaResumer>();
        services.AddSingleton<MassSendService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<IndividualEmailService>();
        services.AddSingleton<SnapshotRunner>();
        services.AddSingleton<SendContexts>();
        services.AddSingleton<SendDispatcher>();
        services.AddSingleton<SnapshotWork>();
        services.AddSingleton<SendBatchWork>();
        services.AddSingleton<QuotaSettlementWork>();
        services.AddSingleton<MassSendEngine>();
        services.AddSingleton<TransportLimiter>();
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleFiring>();
        services.AddSingleton<Macros.MacroService>();
        services.AddOptions<Autoresponders.AutoresponderOptions>().BindConfiguration(Autoresponders.AutoresponderOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Autoresponders.AutoresponderService>();
        services.AddSingleton<Autoresponders.StopChecks>();
        services.AddSingleton<Autoresponders.AutoresponderRunner>();
        return services;
    }

    /// <summary>
    /// Puts the rate limit between senders and the transport registered last: that transport stays registered for
    /// the limiter alone (keyed <see cref="RateLimitedMailTransport.ProviderKey"/>), and <see cref="IMailTransport"/>
    /// becomes a <see cref="RateLimitedMailTransport"/> around it, with the same lifetime. Call it after the transport's
    /// own registration (e.g. <c>AddSesTransport</c>).
    /// </summary>
    public static IServiceCollection AddSendRateLimit(this IServiceCollection services)
    {
        var provider = services.LastOrDefault(d => d.ServiceType == typeof(IMailTransport) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Register a mail transport before AddSendRateLimit.");
        foreach (var registered in services.Where(d => d.ServiceType == typeof(IMailTransport) && !d.IsKeyedService).ToList())
        {
            services.Remove(registered);
        }

        services.Add(provider.ImplementationInstance is { } instance
            ? new ServiceDescriptor(typeof(IMailTransport), RateLimitedMailTransport.ProviderKey, instance)
            : provider.ImplementationFactory is { } factory
                ? new ServiceDescriptor(typeof(IMailTransport), RateLimitedMailTransport.ProviderKey, (sp, _) => factory(sp), provider.Lifetime)
                : new ServiceDescriptor(typeof(IMailTransport), RateLimitedMailTransport.ProviderKey, provider.ImplementationType!, provider.Lifetime));
        services.Add(new ServiceDescriptor(
            typeof(IMailTransport),
            sp => new RateLimitedMailTransport(
                sp.GetRequiredKeyedService<IMailTransport>(RateLimitedMailTransport.ProviderKey), sp.GetRequiredService<TransportLimiter>()),
            provider.Lifetime));
        return services;
    }
}
