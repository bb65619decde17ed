using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MassEmail.Ses.Tests.Configuration;

/// <summary>Issue 11 items 1 and 4: what the start-up check finds is in the log at once, never swallowed.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class SesStartupCheckTests : IAsyncLifetime
{
    private readonly FakeLogCollector logs = new();
    private FakeSes ses = null!;

    public async Task InitializeAsync() => ses = await FakeSes.StartAsync(new FakeSesOptions
    {
        MaxSendRate = 14,
        Max24HourSend = 200,
        SentLast24Hours = 12,
        ProductionAccessEnabled = false,
    });

    public async Task DisposeAsync() => await ses.DisposeAsync();

    [Fact]
    public async Task Check_AccountInSandbox_LogsTheStateAndWarns()
    {
        await CheckAsync();

        Assert.Contains(Logged(LogLevel.Information), m => m == "SES requests are signed with credentials from the registered BasicAWSCredentials");
        Assert.Contains(Logged(LogLevel.Information), m =>
            m == "SES account in us-east-1: SendingEnabled=True, ProductionAccessEnabled=False, EnforcementStatus=HEALTHY, Max24HourSend=200, SentLast24Hours=12, MaxSendRate=14");
        Assert.Contains(Logged(LogLevel.Warning), m => m.StartsWith("SES account is limited: SendingEnabled=True, ProductionAccessEnabled=False", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_NoGetAccountPermission_LoggedAsError()
    {
        ses.AccountReply = FakeSesReply.AccessDenied;

        await CheckAsync();

        var error = Assert.Single(Logged(LogLevel.Error));
        Assert.StartsWith("The AWS identity may not call ses:GetAccount (GetAccount failed: SES AccessDeniedException (HTTP 403)", error);
        Assert.Contains("grant ses:GetAccount", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BrokenCredentialChain_ReasonLoggedAtOnceAndNoGetAccount()
    {
        ses.ContainerCredentialsReply = FakeSesReply.ServerError;

        await CheckAsync(FakeAwsCredentials.Container(ses));

        var error = Assert.Single(Logged(LogLevel.Error));
        Assert.StartsWith("AWS credentials for SES could not be resolved from the registered GenericContainerCredentials: AmazonServiceException", error);
        Assert.DoesNotContain(ses.AllRequests, r => r.Operation == "GetAccount");
    }

    private async Task CheckAsync(Amazon.Runtime.AWSCredentials? credentials = null)
    {
        await using var services = TestServices.ForEndpoint(ses.BaseAddress, credentials: credentials, logs: logs);
        var check = Assert.Single(services.GetServices<IHostedService>().OfType<SesStartupCheck>());
        await check.CheckAsync(CancellationToken.None);
    }

    private List<string> Logged(LogLevel level) => [.. logs.GetSnapshot().Where(r => r.Level == level).Select(r => r.Message)];
}
