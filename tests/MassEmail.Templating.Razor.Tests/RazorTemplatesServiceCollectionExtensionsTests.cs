using MassEmail.Core.Templates.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Templating.Razor.Tests;

public sealed class RazorTemplatesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddRazorTemplates_CalledTwice_OneSingletonEngine()
    {
        var services = new ServiceCollection();

        services.AddRazorTemplates().AddRazorTemplates();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(ITemplateEngine));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(typeof(RazorTemplateEngine), descriptor.ImplementationType);
    }
}
