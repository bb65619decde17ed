using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>Builds the container the way a host does: configuration, logging, <c>AddSesTransport</c>.</summary>
internal static class TestServices
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, bool withCredentials = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (withCredentials)
        {
            services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(TestCredentials.AccessKeyId, TestCredentials.SecretKey));
        }

        services.AddSesTransport(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ServiceProvider ForEndpoint(Uri endpoint, TimeSpan? timeout = null, string? configurationSet = null) =>
        Build(new Dictionary<string, string?>
        {
            ["Ses:Region"] = "us-east-1",
            ["Ses:Endpoint"] = endpoint.ToString(),
            ["Ses:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString(),
            ["Ses:ConfigurationSetName"] = configurationSet,
        });
}
