using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using Microsoft.Extensions.DependencyInjection;
using CoreRecords = MassEmail.Core.Recipients;
using CoreSending = MassEmail.Core.Sending;
using CoreSkipReason = MassEmail.Core.Recipients.Audience.SkipReason;
using CoreTenancy = MassEmail.Core.Tenancy;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// Addresses with invisible characters are flagged with a reason and never mailed (not even to the address
/// left once the character is dropped), internationalised domains leave as punycode, and From choices that
/// resolve to a bad stored address are refused. Through the real gRPC stack and the SES emulator.
/// </summary>
public abstract class AddressSendTests(EmulatorServer fixture)
{
    private const string ZeroWidthSpaceReason = "contains an invisible character U+200B at position 9";

    [SkippableFact]
    public async Task UpsertRecord_ZeroWidthSpaceInDomain_IsInvalidWithReason_PreviewShowsIt_SendSkipsIt()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "ZWSP Org", "zwsp-ok.example", 1);

        var record = await UpsertAsync(setup, "zwsp", "user@exam\u200bple.com");

        Assert.Equal((EmailStatus.Invalid, "", ZeroWidthSpaceReason), (record.EmailStatus, record.EmailNormalized, record.EmailInvalidReason));
        var preview = await new RecipientsService.RecipientsServiceClient(setup.Invoker!).PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = R.And() },
            SampleSize = 10,
        });
        Assert.Equal(1, preview.Counts.InvalidEmail);
        var member = Assert.Single(preview.Sample, m => m.RecordId == record.Id);
        Assert.Equal((SkipReason.InvalidEmail, ZeroWidthSpaceReason), (member.SkipReason, member.EmailInvalidReason));

        var skipped = await SendToOneSentOneSkippedAsync(setup, "zwsp-1");

        Assert.Equal((record.Id, SkipReason.InvalidEmail, ZeroWidthSpaceReason), (skipped.RecordId, skipped.SkipReason, skipped.Error));
        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "example.com"));
        Assert.Single(await SendHelpers.MailToAsync(fixture.Emulator, "zwsp-ok.example"));
    }

    [SkippableFact]
    public async Task MassSend_RecordStoredValidBeforeTheCheck_IsSkippedWithReason_AndNotMailed()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy Record Org", "legacy-ok.example", 1);
        var legacy = await PlantLegacyRecordAsync(setup.OrgId, "user@legacy\u200b-zwsp.example", "user@legacy-zwsp.example");

        var skipped = await SendToOneSentOneSkippedAsync(setup, "legacy-1");

        Assert.Equal((legacy.Id, SkipReason.InvalidEmail, "contains an invisible character U+200B at position 11"), (skipped.RecordId, skipped.SkipReason, skipped.Error));
        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "legacy-zwsp.example"));
        Assert.Single(await SendHelpers.MailToAsync(fixture.Emulator, "legacy-ok.example"));
    }

    [SkippableFact]
    public async Task MassSend_PendingRowSnapshottedBeforeTheCheck_IsSkippedWithReasonAtSendTime_AndNotMailed()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy Row Org", "legacy-row-ok.example", 0);
        var legacy = await PlantLegacyRecordAsync(setup.OrgId, "user@legacy\u200b-row.example", "user@legacy-row.example");

        // A send an earlier build started and snapshotted before an upgrade: its pending row holds the mapped address.
        var now = DateTimeOffset.UtcNow;
        var content = new CoreSending.SendContent("Hi", "<p>Hi</p>", null, TemplateEngineKind.Liquid, new Mailbox("jobs@legacy-row-ok.example", "Jobs"), null);
        var send = new CoreSending.MassSend(Core.Ids.New(), setup.OrgId, CoreRecords.RecordModule.Candidates, setup.TemplateId, 1, CoreSending.AddressChoice.Template,
            CoreSending.AddressChoice.Organisation, Core.Ids.New(), content.ToJson(), CoreSending.AudienceJson.Serialize(new CoreRecords.Audience.RecordsAudience([legacy.Id])), "legacy-row-1",
            CoreSending.SendState.Sending, "", 1, DateOnly.FromDateTime(now.UtcDateTime), 1, now, now, true, null, null, null);
        // The row first: a SENDING send with its snapshot complete but no row yet would be completed empty by the engine.
        await fixture.Server.Services.GetRequiredService<CoreSending.IDeliveryStore>().AppendAsync(
            [new CoreSending.Delivery(Core.Ids.New(), setup.OrgId, send.Id, legacy.Id, "user@legacy-row.example", CoreSending.DeliveryState.Pending,
                CoreSkipReason.None, 0, null, null, "", "", now)],
            50,
            CancellationToken.None);
        await fixture.Server.Services.GetRequiredService<CoreSending.IMassSendStore>().InsertOrGetAsync(send, CancellationToken.None);

        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal((SendState.Completed, 0L, 1L), (final.State, final.Counts.Sent, final.Counts.Skipped));
        var skipped = Assert.Single((await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id })).Deliveries);
        Assert.Equal((DeliveryState.Skipped, SkipReason.InvalidEmail, "contains an invisible character U+200B at position 11"), (skipped.State, skipped.SkipReason, skipped.Error));
        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "legacy-row.example"));
    }

    [SkippableFact]
    public async Task MassSend_InternationalisedDomain_IsSentToThePunycodeAddress()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "IDN Org", "idn-ok.example", 0);
        var record = await UpsertAsync(setup, "idn", "user@bücher-idn.example");
        Assert.Equal((EmailStatus.Valid, "user@bücher-idn.example"), (record.EmailStatus, record.EmailNormalized));

        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "idn-1"))).Send;
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal((SendState.Completed, 1L), (final.State, final.Counts.Sent));
        Assert.Equal(["user@xn--bcher-idn-q9a.example"], await SendHelpers.MailToAsync(fixture.Emulator, "xn--bcher-idn-q9a.example"));
    }

    [SkippableFact]
    public async Task UpsertRecord_NonAsciiLocalPart_IsInvalidForSes()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "UTF8 Local Org", "utf8-ok.example", 0);

        var record = await UpsertAsync(setup, "utf8", "jürgen@utf8-local.example");

        Assert.Equal(EmailStatus.Invalid, record.EmailStatus);
        Assert.Equal("has a local part that is not ASCII: SES cannot deliver to it (no SMTPUTF8)", record.EmailInvalidReason);
    }

    [SkippableFact]
    public async Task StartMassSend_AccountAddressStoredWithInvisibleCharacter_IsFailedPreconditionNamingTheChoice()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy User Org", "legacy-account.example", 1);
        var sends = new MassSendService.MassSendServiceClient(fixture.Server.Invoker(await LegacyUserKeyAsync(setup.OrgId, "Lee", "Legacy")));

        var request = SendHelpers.Start(setup.TemplateId, "legacy-user-1");
        request.From = AddressChoice.Account;
        request.ReplyTo = AddressChoice.Organisation;
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => sends.StartMassSendAsync(request));

        Assert.Equal(["from"], e.PreconditionSubjects());
        Assert.Contains("your account's stored address is not valid: it contains an invisible character U+200B at position 6", e.Status.Detail);
        Assert.Empty((await setup.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
    }

    [SkippableFact]
    public async Task StartMassSend_OrganisationNameWithDirectionOverride_IsFailedPreconditionForReplyTo()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy Org Name", "legacy-org.example", 1);
        var organisations = fixture.Server.Services.GetRequiredService<CoreTenancy.IOrganisationStore>();
        var org = (await organisations.GetAsync(setup.OrgId, CancellationToken.None))!;
        await organisations.UpdateProfileAsync(org.Id, "Acme \u202Emoc.evil", org.Email, org.PostalAddress, CancellationToken.None);

        var request = SendHelpers.Start(setup.TemplateId, "legacy-org-1");
        request.From = AddressChoice.Account;
        request.ReplyTo = AddressChoice.Organisation;
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Sends.StartMassSendAsync(request));

        Assert.Equal(["reply_to"], e.PreconditionSubjects());
        Assert.Contains("the organisation's stored name is not a valid display name: it contains a direction-changing character U+202E at position 5", e.Status.Detail);
    }

    [SkippableFact]
    public async Task MassSend_RecordOwnerWithInvisibleCharacterInStoredAddress_IsSentFromTheOrganisationInstead()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy Owner Org", "legacy-owner.example", 0);
        var owner = await PlantLegacyUserAsync(setup.OrgId, "Owen", "Owner");
        var candidate = R.Candidate("owned", "owned@legacy-owner.example");
        candidate.OwnerId = owner.Id;
        await new RecipientsService.RecipientsServiceClient(setup.Invoker!).UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = candidate });
        var org = (await new AdminService.AdminServiceClient(setup.Invoker!).GetOrganisationAsync(new GetOrganisationRequest())).Organisation;
        var request = SendHelpers.Start(setup.TemplateId, "legacy-owner-1");
        request.From = AddressChoice.RecordOwner;
        request.ReplyTo = AddressChoice.RecordOwner;

        var send = (await setup.Sends.StartMassSendAsync(request)).Send;
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal((SendState.Completed, 1L), (final.State, final.Counts.Sent));
        var mail = Assert.Single((await fixture.Emulator.ReadStoreAsync()).Emails, m => m.Destination.To.Contains("owned@legacy-owner.example"));
        Assert.Equal($"\"Legacy Owner Org\" <{org.Email}>", mail.From);
        Assert.Equal([org.Email], mail.ReplyTo);
    }

    [SkippableFact]
    public async Task SendTestEmail_CallerAddressStoredWithInvisibleCharacter_IsFailedPrecondition_AndNothingSent()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Legacy Test Org", "legacy-test.example", 0);
        var sends = new MassSendService.MassSendServiceClient(fixture.Server.Invoker(await LegacyUserKeyAsync(setup.OrgId, "Tess", "Test")));

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => sends.SendTestEmailAsync(new SendTestEmailRequest { TemplateId = setup.TemplateId }));

        Assert.Equal(["user"], e.PreconditionSubjects());
        Assert.Contains("your account's stored address is not valid: it contains an invisible character U+200B at position 6", e.Status.Detail);
        Assert.Empty(await SendHelpers.MailToAsync(fixture.Emulator, "legacy-user.example"));
        Assert.Equal(0, (await sends.GetUsageAsync(new GetUsageRequest())).IndividualUsed);
    }

    private static async Task<MassEmail.Contracts.V1.Record> UpsertAsync(SendHelpers.Setup setup, string externalId, string email) =>
        (await new RecipientsService.RecipientsServiceClient(setup.Invoker!).UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate(externalId, email),
        })).Record;

    /// <summary>Runs a send to all candidates, which must end with one sent and one skipped; returns the skipped delivery.</summary>
    private static async Task<Delivery> SendToOneSentOneSkippedAsync(SendHelpers.Setup setup, string key)
    {
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, key))).Send;
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];
        Assert.Equal((SendState.Completed, 1L, 1L), (final.State, final.Counts.Sent, final.Counts.Skipped));
        var skipped = await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id, State = DeliveryState.Skipped });
        return Assert.Single(skipped.Deliveries);
    }

    /// <summary>A record as an earlier build stored it: VALID, the address as given with its invisible character, the mapped form without.</summary>
    private async Task<CoreRecords.RecipientRecord> PlantLegacyRecordAsync(string orgId, string email, string mapped)
    {
        var now = DateTimeOffset.UtcNow;
        var legacy = new CoreRecords.RecipientRecord(
            Core.Ids.New(), orgId, CoreRecords.RecordModule.Candidates, "legacy", "", "Lee", "", email, mapped, CoreRecords.EmailStatus.Valid, mapped, "", "",
            null, null, false, new Dictionary<string, CoreRecords.FieldValue>(), "legacy-hash", now, now);
        await fixture.Server.Services.GetRequiredService<CoreRecords.IRecordStore>().UpsertAsync(orgId, legacy.Module, [legacy], CancellationToken.None);
        return legacy;
    }

    /// <summary>A key of a user an earlier build stored with <c>lee@le\u200bgacy-user.example</c> (no check refused it then).</summary>
    private async Task<string> LegacyUserKeyAsync(string orgId, string first, string last)
    {
        var user = await PlantLegacyUserAsync(orgId, first, last);
        var key = await fixture.Server.Services.GetRequiredService<CoreTenancy.Provisioning>()
            .CreateApiKeyAsync(orgId, user.Id, "legacy", CoreTenancy.Permission.All, CancellationToken.None);
        return key.Secret;
    }

    private async Task<CoreTenancy.User> PlantLegacyUserAsync(string orgId, string first, string last)
    {
        var user = new CoreTenancy.User(Core.Ids.New(), orgId, "lee@le\u200bgacy-user.example", first, last, true, DateTimeOffset.UtcNow);
        await fixture.Server.Services.GetRequiredService<CoreTenancy.IUserStore>().CreateAsync(user, CancellationToken.None);
        return user;
    }
}

[Trait("Store", "Sqlite")]
public sealed class AddressSendSqliteTests(SqliteEmulatorServer f) : AddressSendTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class AddressSendMongoTests(MongoEmulatorServer f) : AddressSendTests(f), IClassFixture<MongoEmulatorServer>;
