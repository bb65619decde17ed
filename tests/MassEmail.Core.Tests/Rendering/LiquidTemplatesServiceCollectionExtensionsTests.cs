using MassEmail.Core.Templates.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Tests.Rendering;

public sealed class LiquidTemplatesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLiquidTemplates_CalledTwice_RegistersOneEngineAndOneCache()
    {
        var services = new ServiceCollection();

        services.AddLiquidTemplates().AddLiquidTemplates();

        var engine = Assert.Single(services, d => d.ServiceType == typeof(ITemplateEngine));
        Assert.Equal(ServiceLifetime.Singleton, engine.Lifetime);
        var cache = Assert.Single(services, d => d.ServiceType == typeof(CompiledTemplateCache));
        Assert.Equal(ServiceLifetime.Singleton, cache.Lifetime);
    }

    [Fact]
    public void AddLiquidTemplates_EngineFactory_BuildsLiquidEngineFromOptions()
    {
        var services = new ServiceCollection().AddLiquidTemplates();
        var factory = Assert.Single(services, d => d.ServiceType == typeof(ITemplateEngine)).ImplementationFactory!;

        var engine = factory(new OptionsOnlyProvider(Options.Create(new LiquidSandboxOptions { MaxSteps = 10 })));

        Assert.Equal(TemplateEngineKind.Liquid, Assert.IsType<LiquidTemplateEngine>(engine).Kind);
    }

    // The test project has no DI container; the factory needs nothing but the options.
    private sealed class OptionsOnlyProvider(IOptions<LiquidSandboxOptions> options) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IOptions<LiquidSandboxOptions>) ? options : null;
    }
}
