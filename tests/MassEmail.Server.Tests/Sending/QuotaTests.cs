using Google.Rpc;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>Daily bulk quotas: atomic reservation, the UTC-midnight boundary, the Free edition, error details.</summary>
public abstract class QuotaTests(FakeClockServer fixture)
{
    [SkippableFact]
    public async Task StartMassSend_FreeEdition_IsFailedPrecondition()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Free Org", MassEmail.Core.Tenancy.Edition.Free);
        var setup = await SeedInAsync(org, 3);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "free")));
        Assert.Contains("organisation", e.PreconditionSubjects());
    }

    [SkippableFact]
    public async Task StartMassSend_MoreThanRemaining_IsResourceExhaustedWithNumbers_AndReservesNothing()
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Small Quota Org", "small.example", 20, bulkLimit: 10);
        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "too-big")));

        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("QUOTA_EXCEEDED", info.Reason);
        Assert.Equal("20", info.Metadata["requested"]);
        Assert.Equal("10", info.Metadata["remaining"]);
        Assert.NotNull(e.GetRpcStatus()!.GetDetail<QuotaFailure>());
        Assert.Equal(0, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    [SkippableFact]
    public async Task StartMassSend_FitsOnlyWithoutDuplicates_IsAcceptedAndReservesTheEligibleOnly()
    {
        // 20 addresses, 5 of them held twice: 25 records, 20 eligible, and exactly 20 left today.
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Duplicates Quota Org", "dupquota.example", 20, bulkLimit: 20);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker!);
        for (var i = 0; i < 5; i++)
        {
            await recipients.UpsertRecordAsync(new UpsertRecordRequest
            {
                Module = RecordModule.Candidates,
                Record = Recipients.R.Candidate($"twin{i}", $"P{i}@DUPQUOTA.example"),
            });
        }

        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "fits"))).Send;

        Assert.Equal(20, send.Reserved);
        Assert.Equal(20, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    [SkippableFact]
    public async Task StartMassSend_TwoRacingForTheLastQuota_NeverOverspend()
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Race Org", "race.example", 60, bulkLimit: 100);
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, $"race-{i}"));
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        })).ToList();

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r);
        Assert.Equal(60, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    [SkippableFact]
    public async Task BulkQuota_AtUtcMidnight_StartsAfreshOnTheNewDay()
    {
        fixture.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 1, 23, 59, 59, 0, TimeSpan.Zero));
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Midnight Org", "midnight.example", 80, bulkLimit: 100);
        await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "before-midnight"));
        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "still-today")));
        Assert.Equal("2030-01-01", (await setup.Sends.GetUsageAsync(new GetUsageRequest())).Day);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "after-midnight"));

        var usage = await setup.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal("2030-01-02", usage.Day);
        Assert.Equal(80, usage.BulkUsed);
        Assert.Equal(100, usage.BulkLimit);
    }

    private async Task<SendHelpers.Setup> SeedInAsync(MassEmail.Core.Tenancy.ProvisionedOrganisation org, int candidates)
    {
        var invoker = fixture.Server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        for (var i = 0; i < candidates; i++)
        {
            await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = Recipients.R.Candidate($"f{i}", $"f{i}@free.example") });
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "T", Subject = "s", HtmlBody = "b" },
        });
        return new SendHelpers.Setup(new MassSendService.MassSendServiceClient(invoker), template.Template.Id, org.Organisation.Id);
    }
}

[Trait("Store", "Sqlite")]
public sealed class QuotaSqliteTests(SqliteFakeClockServer f) : QuotaTests(f), IClassFixture<SqliteFakeClockServer>;

[Trait("Store", "Mongo")]
public sealed class QuotaMongoTests(MongoFakeClockServer f) : QuotaTests(f), IClassFixture<MongoFakeClockServer>;
