using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>Registers the sandboxed Liquid engine and the compiled-template cache.</summary>
public static class LiquidTemplatesServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LiquidTemplateEngine"/> as an <see cref="ITemplateEngine"/>, its
    /// <see cref="LiquidSandboxOptions"/> (bound to the <c>Templates:Liquid</c> section, then
    /// <paramref name="configure"/>; validated at startup) and <see cref="CompiledTemplateCache"/>.
    /// </summary>
    public static IServiceCollection AddLiquidTemplates(this IServiceCollection services, Action<LiquidSandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LiquidSandboxOptions>().BindConfiguration(LiquidSandboxOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(
                o => o.IsValid,
                $"Liquid sandbox limits must be positive, and MaxNestingDepth at most {LiquidSandboxOptions.MaxNestingDepthCeiling}.")
            .ValidateOnStart();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITemplateEngine, LiquidTemplateEngine>(
            sp => new LiquidTemplateEngine(sp.GetRequiredService<IOptions<LiquidSandboxOptions>>().Value)));
        services.TryAddSingleton<CompiledTemplateCache>();
        return services;
    }
}
