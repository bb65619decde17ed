using Amazon.Runtime;
using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Configuration;

public sealed class SesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSesTransport_CalledTwice_OneSesTransport()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        // Without these the standard chain would be walked, up to the EC2 metadata address.
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(TestCredentials.AccessKeyId, TestCredentials.SecretKey));

        services.AddSesTransport(configuration).AddSesTransport(configuration);
        using var provider = services.BuildServiceProvider();

        var transport = Assert.Single(provider.GetServices<IMailTransport>());
        Assert.Equal("ses", transport.Name);
    }
}
