using Amazon.Runtime;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// Issue 11 end to end, through the real gRPC stack and store, against the fake SES: each way SES stops a mass send
/// either refuses it at StartMassSend or pauses it with a reason that says what is wrong, and no delivery becomes
/// FAILED or UNKNOWN that was never attempted (the rows SES refused go back to PENDING, to be sent after resume).
/// </summary>
public abstract class SesFailureTests(StoreKind store) : IAsyncLifetime
{
    private const int Recipients = 6;
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-ses-failure-{Guid.NewGuid():N}");
    private FakeSes? ses;
    private MassEmailServer? server;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        server?.Dispose();
        if (ses is not null)
        {
            await ses.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [SkippableFact]
    public async Task StartMassSend_SesAccountInSandbox_FailedPreconditionAndNothingReserved()
    {
        var setup = await StartServerAsync(new FakeSesOptions { ProductionAccessEnabled = false });

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "sandbox")));

        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("PROVIDER_SANDBOX", "provider"), (violation.Type, violation.Subject));
        Assert.StartsWith("The ses account is in its sandbox (SES ProductionAccessEnabled is false)", e.Status.Detail);
        Assert.Equal(0, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
        Assert.Empty(ses!.Requests);
    }

    [SkippableFact]
    public async Task StartMassSend_MoreRecipientsThanSesQuotaLeft_FailedPreconditionAndGetUsageShowsWhatIsLeft()
    {
        var setup = await StartServerAsync(new FakeSesOptions { Max24HourSend = 200, SentLast24Hours = 197 });

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "too-many")));

        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("PROVIDER_DAILY_QUOTA", "provider"), (violation.Type, violation.Subject));
        Assert.StartsWith("The ses account can send 3 more emails in its rolling 24 hours (Max24HourSend 200 − SentLast24Hours 197)", e.Status.Detail);
        var usage = await setup.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal((0, true, 3), (usage.BulkUsed, usage.HasProviderRemaining24Hours, usage.ProviderRemaining24Hours));
    }

    [SkippableFact]
    public async Task GetUsage_SesWithoutDailyLimit_MinusOne()
    {
        var setup = await StartServerAsync(new FakeSesOptions());

        Assert.Equal(-1, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).ProviderRemaining24Hours);
    }

    [SkippableFact]
    public async Task MassSend_DailyQuotaUsedUpMidSend_PausedWithTheReason_ResumesByItselfWhenTheWindowMovesOn()
    {
        var (setup, paused) = await PausedForTheDailyQuotaAsync(checkInterval: "00:00:00.100");

        ses!.WindowMovesOn(3);

        // No ResumeMassSend: the service sees the room in GetAccount (at most 10 s old) and resumes the send itself.
        var done = await SendHelpers.WaitAsync(setup.Sends, paused.Id, s => s.State == SendState.Completed);
        AssertEveryRecipientSentOnce(done);
    }

    [SkippableFact]
    public async Task MassSend_PausedForTheDailyQuota_ResumedOnRequest_SendsTheRestExactlyOnce()
    {
        // The automatic check runs at start and then not for an hour: only the request resumes the send.
        var (setup, paused) = await PausedForTheDailyQuotaAsync(checkInterval: "01:00:00");

        ses!.WindowMovesOn(3);
        await setup.Sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = paused.Id });

        AssertEveryRecipientSentOnce(await SendHelpers.WaitAsync(setup.Sends, paused.Id, s => s.State == SendState.Completed));
    }

    [SkippableFact]
    public async Task MassSend_IdenticalRejectionsInARow_PausedByTheBreakerAfterTheAttemptedOnesFailed()
    {
        var setup = await StartServerAsync(
            new FakeSesOptions { Decide = (_, _) => FakeSesReply.MessageRejected }, new() { ["Ses:MaxIdenticalRejections"] = "3" });

        var paused = await StartUntilPausedAsync(setup, "breaker");

        Assert.StartsWith("SES rejected 3 messages from ", paused.PauseReason);
        Assert.Contains(" in a row with the same error, so the send itself is refused (Ses:MaxIdenticalRejections); fix the cause, then resume the send. "
            + "SES MessageRejected (HTTP 400): Illegal address [request id ", paused.PauseReason, StringComparison.Ordinal);
        // The two rejections before the limit were attempts and stay FAILED; every row from the third on goes back to PENDING.
        Assert.Equal((0, Recipients - 2, 2, 0), (paused.Counts.Sent, paused.Counts.Pending, paused.Counts.Failed, paused.Counts.Unknown));
        var failed = (await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = paused.Id, State = DeliveryState.Failed })).Deliveries;
        Assert.Equal(2, failed.Count);
        // Each failure carries the x-amzn-RequestId SES answered it with.
        Assert.All(failed, d => Assert.EndsWith($"[request id {Assert.Single(ses!.Requests, r => r.To == d.Email).RequestId}]", d.Error));
    }

    [SkippableFact]
    public async Task MassSend_ConfigurationSetDoesNotExist_PausedWithTheReasonNothingFailed()
    {
        var setup = await StartServerAsync(
            new FakeSesOptions { Decide = (_, _) => FakeSesReply.ConfigurationSetNotFound }, new() { ["Ses:ConfigurationSetName"] = "marketing-sett" });

        var paused = await StartUntilPausedAsync(setup, "configuration-set");

        Assert.StartsWith("Amazon SES: the SES configuration set the messages name does not exist in this region (check Ses:ConfigurationSetName)", paused.PauseReason);
        Assert.Contains("Configuration set <marketing-sett> does not exist.", paused.PauseReason, StringComparison.Ordinal);
        AssertNothingLeftOrFailed(paused);
    }

    [SkippableFact]
    public async Task MassSend_FromNotVerified_PausedWithTheReasonNothingFailed()
    {
        var setup = await StartServerAsync(new FakeSesOptions { Decide = (_, _) => FakeSesReply.NotVerified });

        var paused = await StartUntilPausedAsync(setup, "unverified-from");

        Assert.StartsWith("Amazon SES: SES refused an address as not verified: the From address or its domain is not a verified SES identity", paused.PauseReason);
        Assert.Contains("[request id ", paused.PauseReason, StringComparison.Ordinal);
        AssertNothingLeftOrFailed(paused);
    }

    [SkippableFact]
    public async Task MassSend_ContainerCredentialEndpointFails_PausedWithTheReasonNothingReachedSes()
    {
        var setup = await StartServerAsync(new FakeSesOptions(), credentials: fake =>
        {
            fake.ContainerCredentialsReply = FakeSesReply.ServerError;
            return FakeAwsCredentials.Container(fake);
        });

        var paused = await StartUntilPausedAsync(setup, "ecs");

        Assert.StartsWith(
            "AWS credentials for SES could not be resolved from the registered GenericContainerCredentials: AmazonServiceException: Unable to retrieve credentials.",
            paused.PauseReason);
        AssertNothingLeftOrFailed(paused);
        Assert.Empty(ses!.Requests);
    }

    [SkippableFact]
    public async Task MassSend_WebIdentityWithoutSecurityToken_PausedWithTheReasonNothingReachedSes()
    {
        var setup = await StartServerAsync(new FakeSesOptions(), credentials: _ =>
            FakeAwsCredentials.WebIdentityWithoutSts(FakeAwsCredentials.WriteTokenFile(directory)));

        var paused = await StartUntilPausedAsync(setup, "irsa");

        Assert.StartsWith(
            "AWS credentials for SES could not be resolved from the registered WithoutSts: InvalidOperationException: Assembly AWSSDK.SecurityToken could not be found",
            paused.PauseReason);
        AssertNothingLeftOrFailed(paused);
        Assert.Empty(ses!.Requests);
    }

    [SkippableFact]
    public async Task MassSend_PausedBySes_ResumedOnceFixed_SendsTheRestExactlyOnce()
    {
        var refuse = true;
        var setup = await StartServerAsync(new FakeSesOptions { Decide = (_, _) => Volatile.Read(ref refuse) ? FakeSesReply.NotVerified : FakeSesReply.Accept });
        var paused = await StartUntilPausedAsync(setup, "resume");

        Volatile.Write(ref refuse, false);
        await setup.Sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = paused.Id });

        AssertEveryRecipientSentOnce(await SendHelpers.WaitAsync(setup.Sends, paused.Id, s => s.State == SendState.Completed));
    }

    // Room for all 6 recipients when the send starts (GetAccount tells the truth); another sender on the account then
    // takes 3 of it with the first message (one message at a time, see StartServerAsync), so SES refuses the fourth.
    private async Task<(SendHelpers.Setup Setup, MassSend Paused)> PausedForTheDailyQuotaAsync(string checkInterval)
    {
        var first = 0;
        var setup = await StartServerAsync(
            new FakeSesOptions
            {
                Max24HourSend = Recipients,
                Decide = (_, _) =>
                {
                    if (Interlocked.Increment(ref first) == 1)
                    {
                        ses!.OtherSenderSent(3);
                    }

                    return FakeSesReply.Accept;
                },
            },
            new() { ["Sending:ProviderQuotaCheckInterval"] = checkInterval });

        var paused = await StartUntilPausedAsync(setup, "quota");

        Assert.StartsWith(
            "Waiting for the email provider's 24-hour quota (the send resumes by itself when it has room): "
            + "Amazon SES: the SES account's 24-hour sending quota is used up (SentLast24Hours reached Max24HourSend); raise the quota to go on sooner. "
            + "SES LimitExceededException (HTTP 400): Daily message quota exceeded. [request id ",
            paused.PauseReason);
        Assert.Equal((3, Recipients - 3, 0, 0), (paused.Counts.Sent, paused.Counts.Pending, paused.Counts.Failed, paused.Counts.Unknown));
        return (setup, paused);
    }

    private void AssertEveryRecipientSentOnce(MassSend done)
    {
        Assert.Equal((Recipients, 0, 0, ""), (done.Counts.Sent, done.Counts.Failed, done.Counts.Unknown, done.PauseReason));
        Assert.Equal(Recipients, ses!.Delivered.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Recipients, ses.Delivered.Count);
    }

    private static void AssertNothingLeftOrFailed(MassSend paused) =>
        Assert.Equal((0, Recipients, 0, 0), (paused.Counts.Sent, paused.Counts.Pending, paused.Counts.Failed, paused.Counts.Unknown));

    private static async Task<MassSend> StartUntilPausedAsync(SendHelpers.Setup setup, string key)
    {
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, key))).Send;
        return await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.State == SendState.Paused && s.Counts.Claimed == 0);
    }

    private async Task<SendHelpers.Setup> StartServerAsync(
        FakeSesOptions options, Dictionary<string, string?>? settings = null, Func<FakeSes, AWSCredentials>? credentials = null)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        ses = await FakeSes.StartAsync(options);
        var signing = credentials?.Invoke(ses);
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["Ses:Endpoint"] = ses.BaseAddress.ToString(),
            ["Sending:PollInterval"] = "00:00:00.050",
            // No retries: every scenario here is decided by the first answer.
            ["Sending:MaxAttempts"] = "1",
            // One message at a time: which answer comes first is then the order of the rows.
            ["Sending:Concurrency"] = "1",
        };
        // Sends paused for the daily quota are resumed by the service only where a test asks for it.
        all.TryAdd("Sending:ProviderQuotaCheckInterval", "01:00:00");
        server = new MassEmailServer(store, all, signing is null ? null : s => s.AddSingleton(signing));
        return await SendHelpers.SeedAsync(server, "SES Failure Org", "ses-failure.example", Recipients);
    }
}

[Trait("Store", "Sqlite")]
public sealed class SesFailureSqliteTests() : SesFailureTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class SesFailureMongoTests() : SesFailureTests(StoreKind.Mongo);
