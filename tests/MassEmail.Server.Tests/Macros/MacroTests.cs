using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.Macros;

/// <summary>
/// Macros (issue 13 item 8): a stored "send template T to the record" run for chosen records is a mass send to them —
/// mail reaches the emulator, opted-out records are skipped, the run counts against the bulk quota (not the individual
/// one), a retry with the same key starts nothing new, and quota that does not fit refuses the run.
/// </summary>
public abstract class MacroTests(EmulatorServer fixture)
{
    [SkippableFact]
    public async Task RunMacro_ThreeRecordsOneOptedOut_MailsTwoCountsThreeAgainstBulkAndRetryReturnsTheSameSend()
    {
        fixture.SkipIfUnavailable();
        var domain = $"macro-{Guid.NewGuid():N}.example";
        var (s, macros) = await SeedAsync("Macro Run Org", domain, 2);
        var optedOut = (await new RecipientsService.RecipientsServiceClient(s.Invoker!).UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate("opted-out", $"out@{domain}", optOut: true),
        })).Record.Id;
        var ids = await CandidateIdsAsync(s);
        var macro = (await macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("Invite to interview", s.TemplateId) })).Macro;

        var run = new RunMacroRequest { MacroId = macro.Id, RecordIds = { ids.Where(i => i != optedOut).Take(2).Append(optedOut) }, IdempotencyKey = "ats-click-1" };
        var send = (await macros.RunMacroAsync(run)).Send;
        var again = (await macros.RunMacroAsync(run)).Send;
        var done = await SendHelpers.WaitAsync(s.Sends, send.Id, x => x.State == SendState.Completed);

        Assert.Equal(send.Id, again.Id);
        Assert.Equal($"macro:{macro.Id}:ats-click-1", send.IdempotencyKey);
        Assert.Equal((2, 1), (done.Counts.Sent, done.Counts.Skipped));
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.Equal(2, mail.Count);
        Assert.DoesNotContain($"out@{domain}", mail);
        var usage = await s.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal((2, 0), (usage.BulkUsed, usage.IndividualUsed)); // the skipped record's reservation was given back
    }

    [SkippableFact]
    public async Task RunMacro_MoreRecordsThanTheBulkQuotaLeft_IsResourceExhaustedAndStartsNothing()
    {
        fixture.SkipIfUnavailable();
        var (s, macros) = await SeedAsync("Macro Quota Org", $"macro-{Guid.NewGuid():N}.example", 3, bulkLimit: 2);
        var macro = (await macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("Too many", s.TemplateId) })).Macro;

        var ids = await CandidateIdsAsync(s);

        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => macros.RunMacroAsync(
            new RunMacroRequest { MacroId = macro.Id, RecordIds = { ids }, IdempotencyKey = "k" }).ResponseAsync);

        Assert.Equal("bulk", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["quota"]);
        Assert.Empty((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
    }

    [SkippableFact]
    public async Task RunMacro_NoRecordIdsOrAMalformedOne_IsInvalidArgumentNamingTheEntryAndStartsNothing()
    {
        fixture.SkipIfUnavailable();
        var (s, macros) = await SeedAsync("Macro Ids Org", $"macro-{Guid.NewGuid():N}.example", 2);
        var macro = (await macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("Ids", s.TemplateId) })).Macro;
        var ids = await CandidateIdsAsync(s);

        var none = await RpcAssert.Fails(StatusCode.InvalidArgument, () => macros.RunMacroAsync(
            new RunMacroRequest { MacroId = macro.Id, IdempotencyKey = "k" }).ResponseAsync);
        var malformed = await RpcAssert.Fails(StatusCode.InvalidArgument, () => macros.RunMacroAsync(
            new RunMacroRequest { MacroId = macro.Id, RecordIds = { ids[0], ids[1], "not-an-id" }, IdempotencyKey = "k" }).ResponseAsync);

        Assert.Equal(["record_ids"], none.ViolatedFields());
        Assert.Equal(["record_ids[2]"], malformed.ViolatedFields());
        Assert.Empty((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
    }

    [SkippableFact]
    public async Task Macros_CreateGetListUpdateDelete_WithNameClashAndStaleVersionRefused()
    {
        fixture.SkipIfUnavailable();
        var (s, macros) = await SeedAsync("Macro Crud Org", $"macro-{Guid.NewGuid():N}.example", 0);
        var b = (await macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("beta", s.TemplateId) })).Macro;
        var a = (await macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("Alpha", s.TemplateId) })).Macro;

        var clash = await RpcAssert.Fails(StatusCode.AlreadyExists, () => macros.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("ALPHA", s.TemplateId) }).ResponseAsync);
        var edit = a.Clone();
        edit.Name = "Alpha 2";
        edit.ReplyTo = AddressChoice.Organisation;
        var updated = (await macros.UpdateMacroAsync(new UpdateMacroRequest { Macro = edit })).Macro;
        await RpcAssert.Fails(StatusCode.Aborted, () => macros.UpdateMacroAsync(new UpdateMacroRequest { Macro = edit }).ResponseAsync);
        var moved = updated.Clone();
        moved.Module = RecordModule.Contacts;
        var module = await RpcAssert.Fails(StatusCode.InvalidArgument, () => macros.UpdateMacroAsync(new UpdateMacroRequest { Macro = moved }).ResponseAsync);
        await macros.DeleteMacroAsync(new DeleteMacroRequest { Id = b.Id });

        Assert.Equal(["macro.name"], clash.ViolatedFields());
        Assert.Equal((2L, "Alpha 2", AddressChoice.Organisation), (updated.Version, updated.Name, updated.ReplyTo));
        Assert.Equal(["macro.module"], module.ViolatedFields());
        Assert.Equal([a.Id], (await macros.ListMacrosAsync(new ListMacrosRequest())).Macros.Select(m => m.Id));
        await RpcAssert.Fails(StatusCode.NotFound, () => macros.GetMacroAsync(new GetMacroRequest { Id = b.Id }).ResponseAsync);
    }

    [SkippableFact]
    public async Task Macros_KeyWithoutTheModulesMassEmailPermission_SeesNoneAndCannotCreateOrRun()
    {
        fixture.SkipIfUnavailable();
        var org = await fixture.Server.CreateOrganisationAsync("Macro Permission Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var asAdmin = new MacrosService.MacrosServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var template = await new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(org.AdminKey.Secret)).CreateTemplateAsync(
            new CreateTemplateRequest { Template = new Template { Name = "T", Subject = "S", HtmlBody = "<p>b</p>" } });
        var macro = (await asAdmin.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("Candidates only", template.Template.Id) })).Macro;
        var contactsKey = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            UserId = org.Admin.Id,
            Name = "contacts mailer",
            Permissions = { Permission.MassEmailContacts },
        });
        var asContacts = new MacrosService.MacrosServiceClient(fixture.Server.Invoker(contactsKey.Secret));

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => asContacts.CreateMacroAsync(new CreateMacroRequest { Macro = Draft("x", template.Template.Id) }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => asContacts.GetMacroAsync(new GetMacroRequest { Id = macro.Id }).ResponseAsync);
        await RpcAssert.Fails(StatusCode.NotFound, () => asContacts.RunMacroAsync(
            new RunMacroRequest { MacroId = macro.Id, RecordIds = { "0123456789abcdef01234567" }, IdempotencyKey = "k" }).ResponseAsync);
        Assert.Empty((await asContacts.ListMacrosAsync(new ListMacrosRequest())).Macros);
    }

    private static Macro Draft(string name, string templateId) => new()
    {
        Name = name,
        Module = RecordModule.Candidates,
        TemplateId = templateId,
        From = AddressChoice.Organisation,
        ReplyTo = AddressChoice.Account,
    };

    private static async Task<List<string>> CandidateIdsAsync(SendHelpers.Setup s) =>
        [.. (await new RecipientsService.RecipientsServiceClient(s.Invoker!).SearchRecordsAsync(
            new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 100 })).Records.Select(r => r.Id)];

    private async Task<(SendHelpers.Setup Setup, MacrosService.MacrosServiceClient Macros)> SeedAsync(string org, string domain, int candidates, int bulkLimit = 10_000)
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, org, domain, candidates, bulkLimit);
        return (setup, new MacrosService.MacrosServiceClient(setup.Invoker!));
    }
}

[Trait("Store", "Sqlite")]
public sealed class MacroSqliteTests(SqliteEmulatorServer f) : MacroTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class MacroMongoTests(MongoEmulatorServer f) : MacroTests(f), IClassFixture<MongoEmulatorServer>;
