using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>Builds the container the way a host does: configuration, logging, <c>AddSesTransport</c>.</summary>
internal static class TestServices
{
    /// <param name="credentials">Registered as the credentials to sign with; null: the fixed test credentials.</param>
    /// <param name="withCredentials">False: none registered, so the transport finds its own (dummy for loopback, else the chain).</param>
    /// <param name="logs">Collects what the transport logs.</param>
    public static ServiceProvider Build(
        IDictionary<string, string?> settings, AWSCredentials? credentials = null, bool withCredentials = true, FakeLogCollector? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug);
            }
        });
        if (withCredentials)
        {
            services.AddSingleton(credentials ?? new BasicAWSCredentials(TestCredentials.AccessKeyId, TestCredentials.SecretKey));
        }

        services.AddSesTransport(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ServiceProvider ForEndpoint(
        Uri endpoint, TimeSpan? timeout = null, string? configurationSet = null, AWSCredentials? credentials = null, FakeLogCollector? logs = null,
        int? maxIdenticalRejections = null) =>
        Build(
            new Dictionary<string, string?>
            {
                ["Ses:Region"] = "us-east-1",
                ["Ses:Endpoint"] = endpoint.ToString(),
                ["Ses:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString(),
                ["Ses:ConfigurationSetName"] = configurationSet,
                ["Ses:MaxIdenticalRejections"] = maxIdenticalRejections?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            credentials,
            logs: logs);
}
