using MassEmail.Core.Templates.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MassEmail.Templating.Razor;

/// <summary>Registers the Razor template engine.</summary>
public static class RazorTemplatesServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RazorTemplateEngine"/> as an <see cref="ITemplateEngine"/> singleton. Razor
    /// runs arbitrary C# on the server: call this only when the operator has set
    /// <c>Templates:AllowRazor=true</c>, and only for deployments where every caller that can
    /// write templates is a trusted internal service.
    /// </summary>
    public static IServiceCollection AddRazorTemplates(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITemplateEngine, RazorTemplateEngine>());
        return services;
    }
}
