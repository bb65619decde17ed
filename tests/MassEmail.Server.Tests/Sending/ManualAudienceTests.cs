using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// Every id of a manual audience (<c>audience.record_ids</c>) must name a record of the module in the
/// caller's organisation; other ids are refused by index and by name, an unknown id, another
/// organisation's and another module's alike, and nothing is started or reserved.
/// </summary>
public abstract class ManualAudienceTests(ServerFixture fixture)
{
    private const string Unknown = "0123456789abcdef01234567";

    [SkippableFact]
    public async Task StartMassSend_UnknownAndForeignRecordIds_IsInvalidArgumentNamingEach_AndStartsNothing()
    {
        var s = await SeedAsync("Manual Send Org");
        var foreign = await ForeignCandidateAsync();
        var request = SendHelpers.Start(s.TemplateId, "manual");
        request.Audience = Ids(s.Candidate, Unknown, foreign);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => s.Sends.StartMassSendAsync(request));

        AssertNamesBadIds(e, (1, Unknown), (2, foreign));
        Assert.Empty((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
        Assert.Equal(0, (await s.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    [SkippableFact]
    public async Task PreviewAudience_UnknownAndForeignRecordIds_IsInvalidArgumentNamingEach()
    {
        var s = await SeedAsync("Manual Preview Org");
        var foreign = await ForeignCandidateAsync();

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => s.Recipients.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = Ids(foreign, s.Candidate, Unknown),
        }));

        AssertNamesBadIds(e, (0, foreign), (2, Unknown));
    }

    /// <summary>A record of the other module is not a recipient of this send: reported like an unknown id.</summary>
    [SkippableFact]
    public async Task StartMassSend_ContactIdInCandidatesSend_IsReportedLikeAnUnknownId()
    {
        var s = await SeedAsync("Manual Module Org");
        var contact = (await s.Recipients.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Contacts,
            Record = R.Candidate("contact-1", "contact@manual.example"),
        })).Record.Id;
        var request = SendHelpers.Start(s.TemplateId, "module");
        request.Audience = Ids(contact, s.Candidate);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => s.Sends.StartMassSendAsync(request));

        AssertNamesBadIds(e, (0, contact));
        Assert.Empty((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
    }

    [SkippableFact]
    public async Task StartMassSend_ManyUnknownIds_ReportsABoundedNumberOfThem()
    {
        var s = await SeedAsync("Manual Many Org");
        var unknown = Enumerable.Range(0, 500).Select(i => $"0123456789abcdef{i:x8}").ToList();
        var request = SendHelpers.Start(s.TemplateId, "many");
        request.Audience = Ids([s.Candidate, .. unknown]);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => s.Sends.StartMassSendAsync(request));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"audience.record_ids.ids[{i}]"), e.ViolatedFields());
        Assert.StartsWith("500 record ids name no Candidates record", e.Status.Detail, StringComparison.Ordinal);
        Assert.True(e.Status.Detail.Length < 400, e.Status.Detail);
    }

    private static void AssertNamesBadIds(RpcException e, params (int Index, string Id)[] bad)
    {
        Assert.Equal(bad.Select(b => $"audience.record_ids.ids[{b.Index}]"), e.ViolatedFields());
        var descriptions = e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => v.Description).ToList();
        Assert.Equal(bad.Select(b => $"no Candidates record has the id '{b.Id}'"), descriptions);
        Assert.All(bad, b => Assert.Contains(b.Id, e.Status.Detail, StringComparison.Ordinal));
    }

    private static Audience Ids(params string[] ids) => new() { RecordIds = new RecordIds { Ids = { ids } } };

    private async Task<string> ForeignCandidateAsync()
    {
        var other = await fixture.Server.CreateOrganisationAsync("Manual Foreign Org");
        return (await R.Client(fixture, other.AdminKey.Secret).UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate("foreign-1", "foreign@manual.example"),
        })).Record.Id;
    }

    private async Task<Seeded> SeedAsync(string orgName)
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, orgName, "manual.example", 2);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var candidate = (await recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 1 })).Records[0].Id;
        return new Seeded(setup.Sends, recipients, setup.TemplateId, candidate);
    }

    private sealed record Seeded(MassSendService.MassSendServiceClient Sends, RecipientsService.RecipientsServiceClient Recipients, string TemplateId, string Candidate);
}

[Trait("Store", "Sqlite")]
public sealed class ManualAudienceSqliteTests(SqliteServerFixture f) : ManualAudienceTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class ManualAudienceMongoTests(MongoServerFixture f) : ManualAudienceTests(f), IClassFixture<MongoServerFixture>;
