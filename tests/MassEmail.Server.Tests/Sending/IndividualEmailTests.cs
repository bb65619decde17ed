using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// SendEmail: one template to one record, through the real server and the SES emulator. A retried call never sends
/// twice; the record's opt-out and the organisation's suppression list are honoured; the individual quota is the
/// organisation's pool (2 per active user in this fixture).
/// </summary>
public abstract class IndividualEmailTests(EmulatorServer fixture)
{
    [SkippableFact]
    public async Task SendEmail_RetriedWithTheSameKey_SentOnceAndTheRetryReadsTheOutcome()
    {
        fixture.SkipIfUnavailable();
        var (setup, recordId) = await SeedAsync("Individual Once Org", "individual-once.example");

        var first = await setup.Sends.SendEmailAsync(Request(setup, recordId, "once"));
        var again = await setup.Sends.SendEmailAsync(Request(setup, recordId, "once"));

        Assert.Equal((IndividualEmailState.Sent, false), (first.State, first.Replayed));
        Assert.Equal((IndividualEmailState.Sent, true, first.MessageId, first.Id), (again.State, again.Replayed, again.MessageId, again.Id));
        Assert.Equal("p0@individual-once.example", first.To);
        Assert.Equal([first.To], await SendHelpers.MailToAsync(fixture.Emulator, "individual-once.example"));
        var usage = await setup.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal((1, 2), (usage.IndividualUsed, usage.IndividualLimit));
    }

    [SkippableFact]
    public async Task SendEmail_CarriesTheOneClickUnsubscribeHeaders()
    {
        fixture.SkipIfUnavailable();
        var (setup, recordId) = await SeedAsync("Individual Headers Org", "individual-headers.example");

        await setup.Sends.SendEmailAsync(Request(setup, recordId, "headers"));

        var mail = Assert.Single((await fixture.Emulator.ReadStoreAsync()).Emails, e => e.Destination.To.Single().EndsWith("@individual-headers.example", StringComparison.Ordinal));
        Assert.StartsWith("<https://mail.example.com/unsubscribe/", mail.Header("List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Header("List-Unsubscribe-Post"));
    }

    [SkippableFact]
    public async Task SendEmail_SameKeyAnotherRequest_IsRefusedAndSendsNothing()
    {
        fixture.SkipIfUnavailable();
        var (setup, recordId) = await SeedAsync("Individual Reuse Org", "individual-reuse.example");
        await setup.Sends.SendEmailAsync(Request(setup, recordId, "reused"));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.SendEmailAsync(Request(setup, recordId, "reused", AddressChoice.Account)));

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", e.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations[0].Type);
        Assert.Single(await SendHelpers.MailToAsync(fixture.Emulator, "individual-reuse.example"));
    }

    [SkippableFact]
    public async Task SendEmail_OptedOutOrSuppressedRecord_IsRefusedWithTheReasonAndCostsNothing()
    {
        fixture.SkipIfUnavailable();
        var (setup, _) = await SeedAsync("Individual Refused Org", "individual-refused.example", candidates: 2);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var records = (await recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 2 })).Records;
        await recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = records[0].Id, EmailOptOut = true });
        await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = records[1].Email });

        var optedOut = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.SendEmailAsync(Request(setup, records[0].Id, "opted-out")));
        var suppressed = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.SendEmailAsync(Request(setup, records[1].Id, "suppressed")));

        Assert.Equal("OPTED_OUT", optedOut.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations[0].Type);
        Assert.Equal("SUPPRESSED", suppressed.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations[0].Type);
        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "individual-refused.example"));
        Assert.Equal(0, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).IndividualUsed);

        // Nothing was sent, so the key is free: once the opt-out is lifted the same call sends.
        await recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = records[0].Id, EmailOptOut = false });
        Assert.Equal(IndividualEmailState.Sent, (await setup.Sends.SendEmailAsync(Request(setup, records[0].Id, "opted-out"))).State);
    }

    [SkippableFact]
    public async Task SendEmail_RecordOfAnotherOrganisation_IsNotFound()
    {
        fixture.SkipIfUnavailable();
        var (setup, _) = await SeedAsync("Individual Tenant A", "individual-tenant-a.example");
        var (_, foreignRecord) = await SeedAsync("Individual Tenant B", "individual-tenant-b.example");

        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Sends.SendEmailAsync(Request(setup, foreignRecord, "foreign")));

        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "individual-tenant-b.example"));
    }

    private async Task<(SendHelpers.Setup Setup, string RecordId)> SeedAsync(string org, string domain, int candidates = 1)
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, org, domain, candidates);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var record = (await recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 1 })).Records[0];
        return (setup, record.Id);
    }

    internal static SendEmailRequest Request(SendHelpers.Setup setup, string recordId, string key, AddressChoice from = AddressChoice.Organisation) => new()
    {
        Module = RecordModule.Candidates,
        RecordId = recordId,
        TemplateId = setup.TemplateId,
        From = from,
        ReplyTo = AddressChoice.Organisation,
        IdempotencyKey = key,
    };
}

[Trait("Store", "Sqlite")]
public sealed class IndividualEmailSqliteTests(SqliteEmulatorServer f) : IndividualEmailTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class IndividualEmailMongoTests(MongoEmulatorServer f) : IndividualEmailTests(f), IClassFixture<MongoEmulatorServer>;
