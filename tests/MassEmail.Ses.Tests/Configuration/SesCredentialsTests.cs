using Amazon.Runtime;
using MassEmail.Ses.Credentials;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MassEmail.Ses.Tests.Configuration;

/// <summary>The chain is replaced by a delegate here: walking the real one would call the EC2 metadata address.</summary>
public sealed class SesCredentialsTests
{
    private static AWSCredentials NothingFound() => throw new AmazonClientException("Failed to resolve AWS credentials.");

    [Fact]
    public void Resolve_ChainFindsCredentials_UsesThem()
    {
        var found = new BasicAWSCredentials("AKIDFOUND", "secret");

        var credentials = SesCredentials.Resolve(new SesOptions(), NullLogger.Instance, () => found);

        Assert.Same(found, credentials);
    }

    [Fact]
    public void Resolve_NothingFoundWithEndpoint_DummyDevelopmentCredentials()
    {
        var options = new SesOptions { Endpoint = new Uri("http://127.0.0.1:8005") };

        var credentials = SesCredentials.Resolve(options, NullLogger.Instance, NothingFound).GetCredentials();

        Assert.Equal(SesCredentials.DevAccessKeyId, credentials.AccessKey);
        Assert.Equal(SesCredentials.DevSecretKey, credentials.SecretKey);
    }

    [Fact]
    public void Resolve_NothingFoundForRealSes_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SesCredentials.Resolve(new SesOptions(), NullLogger.Instance, NothingFound));

        Assert.StartsWith("No AWS credentials were found for SES.", error.Message);
    }

    [Fact]
    public void FromServices_CredentialsRegistered_TheyWin()
    {
        using var services = TestServices.Build(new Dictionary<string, string?>());

        var credentials = services.GetRequiredService<SesCredentials>().Credentials.GetCredentials();

        Assert.Equal(TestCredentials.AccessKeyId, credentials.AccessKey);
    }
}
