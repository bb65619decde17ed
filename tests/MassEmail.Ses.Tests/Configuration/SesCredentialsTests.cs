using Amazon.Runtime;
using MassEmail.Ses.Credentials;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MassEmail.Ses.Tests.Configuration;

/// <summary>Where the signing credentials come from, and how a failure to get them is reported. Nothing here walks the real chain.</summary>
public sealed class SesCredentialsTests
{
    [Fact]
    public void FromServices_CredentialsRegistered_TheyWin()
    {
        using var services = TestServices.Build(new Dictionary<string, string?>());

        var credentials = services.GetRequiredService<SesCredentials>().GetCredentials();

        Assert.Equal(TestCredentials.AccessKeyId, credentials.AccessKey);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8005")]
    [InlineData("http://[::1]:8005")]
    [InlineData("http://localhost:8005")]
    public async Task FromServices_LoopbackEndpoint_DummyDevelopmentCredentials(string endpoint)
    {
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Ses:Endpoint"] = endpoint }, withCredentials: false);

        var credentials = await services.GetRequiredService<SesCredentials>().ResolveAsync();

        Assert.Equal((SesCredentials.DevAccessKeyId, SesCredentials.DevSecretKey), (credentials.AccessKey, credentials.SecretKey));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://email-fips.us-east-1.amazonaws.com")]
    [InlineData("https://vpce-0123456789abcdef0-abcdefgh.email-smtp.us-east-1.vpce.amazonaws.com")]
    public void FromServices_RealOrVpcOrFipsEndpoint_StandardChainNeverDummy(string? endpoint)
    {
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Ses:Endpoint"] = endpoint }, withCredentials: false);

        // Resolving would walk the real chain (up to the EC2 metadata address); where they come from is what matters here.
        Assert.Equal("the AWS standard credential chain", services.GetRequiredService<SesCredentials>().Origin);
    }

    [Fact]
    public async Task ResolveAsync_SourceNotFound_CredentialsExceptionWithTheReason()
    {
        var credentials = new SesCredentials("a test chain", () => throw new AmazonClientException("Unable to find credentials\n\nException 1 of 4: ..."),
            NullLogger.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SesCredentialsException>(credentials.ResolveAsync);

        Assert.Equal("AWS credentials for SES could not be resolved from a test chain: AmazonClientException: Unable to find credentials", error.Message);
    }

    [Fact]
    public async Task ResolveAsync_FailureWithinMemory_NotRetried()
    {
        var calls = 0;
        var credentials = new SesCredentials("a test chain", () =>
        {
            calls++;
            throw new InvalidOperationException("broken");
        }, NullLogger.Instance, TimeProvider.System);

        await Assert.ThrowsAsync<SesCredentialsException>(credentials.ResolveAsync);
        await Assert.ThrowsAsync<SesCredentialsException>(credentials.ResolveAsync);

        Assert.Equal(1, calls);
    }
}
