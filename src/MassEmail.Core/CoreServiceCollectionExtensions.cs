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
        return services;
    }
}
