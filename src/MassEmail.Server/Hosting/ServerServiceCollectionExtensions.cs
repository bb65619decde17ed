using MassEmail.Core;
using MassEmail.Core.OptOut;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Server.Grpc;
using MassEmail.Server.Http;
using MassEmail.Server.Http.Sns;
using MassEmail.Server.Secrets;
using MassEmail.Server.Telemetry;
using MassEmail.Storage.Mongo;
using MassEmail.Storage.Sqlite;
using MassEmail.Templating.Razor;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>The composition root's registrations, so that Program.cs only composes.</summary>
public static class ServerServiceCollectionExtensions
{
    public static IServiceCollection AddMassEmailServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = false;
            o.Interceptors.Add<ExceptionMappingInterceptor>();
            o.Interceptors.Add<AuthenticationInterceptor>();
            ServerLimits.Apply(o);
        });
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(ServerLimits.Apply);
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
        // After every AddGrpc* call above: each may register the framework's binder again.
        services.UseParsedRequests();
        services.AddMassEmailCore();
        services.AddSingleton<UnsubscribeAddressValidator>();
        services.AddSingleton<IValidateOptions<SendingOptions>>(sp => sp.GetRequiredService<UnsubscribeAddressValidator>());
        services.AddSingleton<IValidateOptions<PublicOptions>>(sp => sp.GetRequiredService<UnsubscribeAddressValidator>());
        services.AddPathSafeLogging();
        services.AddPublicEndpoint();
        services.AddSnsEndpoint();
        services.AddLiquidTemplates();
        if (configuration.GetValue<bool>($"{TemplateOptions.SectionName}:{nameof(TemplateOptions.AllowRazor)}"))
        {
            // Razor runs C#: the engine is not even loaded unless the operator asked for it.
            services.AddRazorTemplates();
        }

        services.AddMassEmailStore(configuration);
        services.AddHostedService<StoreInitializerService>();
        services.AddStoredSecrets();
        services.AddCampaignToolPlugins(configuration);
        services.AddHostedService<UnsubscribeKeyLoader>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddSingleton<DemoData>();
        services.AddHostedService<DemoSeeder>();
        if (configuration["Sending:Transport"] == "null")
        {
            // Load tests of the pipeline only: every message is accepted and none leaves.
            services.AddSingleton<MassEmail.Core.Sending.Transport.IMailTransport, MassEmail.Core.Sending.Transport.NullMailTransport>();
        }
        else
        {
            services.AddSesTransport(configuration);
        }

        services.AddSendRateLimit();
        services.AddSingleton<MassSendWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<MassSendWorker>());
        services.AddHostedService<ProviderQuotaResumeWorker>();
        services.AddSingleton<MassEmail.Core.Scheduling.IScheduleCalendar, Scheduling.QuartzScheduleCalendar>();
        services.AddHostedService<Scheduling.ScheduleWorker>();
        services.AddHostedService<Autoresponders.AutoresponderWorker>();
        services.AddServerTelemetry(configuration);
        return services;
    }

    /// <summary>Registers the store chosen by <c>Storage:Provider</c>.</summary>
    public static IServiceCollection AddMassEmailStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration[$"{StorageOptions.SectionName}:Provider"] ?? "Sqlite";
        return provider switch
        {
            "Mongo" => services.AddMongoStore(configuration),
            _ => services.AddSqliteStore(configuration),
        };
    }
}
