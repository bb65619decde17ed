using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Credentials;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Transport;

/// <summary>
/// Issue 11 item 1: whatever the credential chain throws never escapes a send. It comes back as AccountPaused with
/// the reason (the dispatcher pauses the send and puts the row back to PENDING), and nothing reaches SES. The
/// credential classes are the SDK's own, pointed at the fake SES's STS and container endpoints.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class CredentialFailureTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-credentials-{Guid.NewGuid():N}");
    private FakeSes ses = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        ses = await FakeSes.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ses.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task SendAsync_WebIdentityWithoutSecurityTokenAssembly_AccountPausedWithTheReasonNothingSent()
    {
        var credentials = FakeAwsCredentials.WebIdentityWithoutSts(FakeAwsCredentials.WriteTokenFile(directory));
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: credentials);

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.AccountPaused, result.Status);
        Assert.StartsWith(
            "AWS credentials for SES could not be resolved from the registered WithoutSts: InvalidOperationException: " + FakeAwsCredentials.MissingStsMessage,
            result.Error);
        Assert.EndsWith("; nothing was sent", result.Error);
        Assert.Empty(ses.AllRequests);
    }

    [Fact]
    public async Task SendAsync_ContainerCredentialEndpointFails_AccountPausedWithTheReasonNothingSent()
    {
        ses.ContainerCredentialsReply = FakeSesReply.ServerError;
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: FakeAwsCredentials.Container(ses));

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.AccountPaused, result.Status);
        Assert.StartsWith(
            "AWS credentials for SES could not be resolved from the registered GenericContainerCredentials: AmazonServiceException: Unable to retrieve credentials.",
            result.Error);
        Assert.EndsWith("; nothing was sent", result.Error);
        Assert.NotEmpty(ses.AllRequests);
        Assert.All(ses.AllRequests, r => Assert.Equal("ContainerCredentials", r.Operation));
    }

    [Fact]
    public async Task SendAsync_StsRefusesWebIdentity_AccountPausedWithTheReasonNothingSent()
    {
        ses.StsReply = FakeSesReply.AccessDenied;
        var credentials = FakeAwsCredentials.WebIdentity(ses, FakeAwsCredentials.WriteTokenFile(directory));
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: credentials);

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.AccountPaused, result.Status);
        Assert.True(result.Error?.Contains("Not authorized to perform sts:AssumeRoleWithWebIdentity", StringComparison.Ordinal), result.Error);
        Assert.Empty(ses.Requests);
    }

    [Fact]
    public async Task SendAsync_WebIdentityThroughSts_SignsWithTheTemporaryCredentials()
    {
        var credentials = FakeAwsCredentials.WebIdentity(ses, FakeAwsCredentials.WriteTokenFile(directory));
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: credentials);

        var result = await services.GetRequiredService<IMailTransport>().SendAsync(Messages.To("accept@example.com"), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var send = Assert.Single(ses.Requests);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={FakeSes.TemporaryAccessKeyId}/", send.Authorization);
        Assert.Equal(FakeSes.TemporarySessionToken, send.SecurityToken);
    }

    [Fact]
    public void WebIdentity_SdkCreatesItsStsClient_SecurityTokenAssemblyShipsWithTheTransport()
    {
        // The SDK loads AWSSDK.SecurityToken by name: this is the call that threw "could not be found" before the
        // transport referenced the package.
        Assert.NotNull(FakeAwsCredentials.DefaultStsClient(FakeAwsCredentials.WriteTokenFile(directory)));
    }

    [Fact]
    public async Task GetQuotaAsync_CredentialsFail_SesApiExceptionWithTheReason()
    {
        var credentials = FakeAwsCredentials.WebIdentityWithoutSts(FakeAwsCredentials.WriteTokenFile(directory));
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: credentials);

        var error = await Assert.ThrowsAsync<SesApiException>(() => services.GetRequiredService<IMailTransport>().GetQuotaAsync(CancellationToken.None));

        Assert.StartsWith("GetAccount failed: AWS credentials for SES could not be resolved", error.Message);
        Assert.IsType<SesCredentialsException>(error.InnerException);
    }
}
