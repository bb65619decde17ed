using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Testing;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// An idempotency key stands for one request: repeating the request returns its send, another request
/// under the same key is refused (FAILED_PRECONDITION) and starts nothing, even when both race.
/// </summary>
public abstract class IdempotencyTests(ServerFixture fixture)
{
    public static TheoryData<string> Changes => [.. OtherRequests.Keys];

    private static readonly Dictionary<string, Action<StartMassSendRequest, Seeded>> OtherRequests = new()
    {
        ["template"] = (r, s) => r.TemplateId = s.OtherTemplateId,
        ["module"] = (r, _) => r.Module = RecordModule.Contacts,
        ["from"] = (r, _) => r.From = AddressChoice.Account,
        ["reply_to"] = (r, _) => r.ReplyTo = AddressChoice.Organisation,
        ["audience source"] = (r, s) => r.Audience = new Audience { RecordIds = new RecordIds { Ids = { s.RecordIds } } },
        ["audience criteria"] = (r, _) => r.Audience = new Audience { Criteria = R.Where("first_name", ConditionOperator.Equals, R.Text("P1")) },
    };

    [SkippableFact]
    public async Task StartMassSend_SameKeySameRequest_ReturnsTheFirstSendAndReservesOnce()
    {
        var s = await SeedAsync("Idem Same Org");
        var ids = s.RecordIds;
        var first = await s.Sends.StartMassSendAsync(Start(s, "same", new Audience { RecordIds = new RecordIds { Ids = { ids[2], ids[0], ids[1], ids[0] } } }));

        // Order and repeats of the ids do not make another request.
        var again = await s.Sends.StartMassSendAsync(Start(s, "same", new Audience { RecordIds = new RecordIds { Ids = { ids[1], ids[2], ids[0] } } }));

        Assert.Equal(first.Send.Id, again.Send.Id);
        Assert.Equal(3, (await s.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
        Assert.Single((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends);
    }

    [SkippableTheory]
    [MemberData(nameof(Changes))]
    public async Task StartMassSend_SameKeyOtherRequest_IsFailedPreconditionNamingTheKey_AndStartsNothing(string change)
    {
        var s = await SeedAsync($"Idem Other {change} Org");
        var first = await s.Sends.StartMassSendAsync(Start(s, "weekly-digest"));
        var other = Start(s, "weekly-digest");
        OtherRequests[change](other, s);

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => s.Sends.StartMassSendAsync(other));

        Assert.Equal(["idempotency_key"], e.PreconditionSubjects());
        Assert.Contains("'weekly-digest'", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(first.Send.Reserved, (await s.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
        Assert.Equal([first.Send.Id], (await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends.Select(x => x.Id));
    }

    [SkippableFact]
    public async Task StartMassSend_LongKeyReusedForOtherRequest_QuotesAtMost100CharactersOfIt()
    {
        var s = await SeedAsync("Idem Long Key Org");
        var key = new string('k', 100) + new string('z', 100);
        await s.Sends.StartMassSendAsync(Start(s, key));
        var other = Start(s, key);
        other.TemplateId = s.OtherTemplateId;

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => s.Sends.StartMassSendAsync(other));

        Assert.Contains(new string('k', 100), e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("z", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["idempotency_key"], e.PreconditionSubjects());
    }

    [SkippableFact]
    public async Task StartMassSend_OtherRequestsRacingOnOneKey_StartOneSend_OthersGetItOrAreRefused()
    {
        var s = await SeedAsync("Idem Race Org");
        for (var round = 0; round < 3; round++)
        {
            var key = $"race-{round}";
            var results = await Race.RunAsync(8, async i =>
            {
                var request = Start(s, key);
                request.TemplateId = i % 2 == 0 ? s.TemplateId : s.OtherTemplateId;
                try
                {
                    return (Template: request.TemplateId, Send: (await s.Sends.StartMassSendAsync(request)).Send, Refused: false);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && e.PreconditionSubjects().Contains("idempotency_key"))
                {
                    return (Template: request.TemplateId, Send: (MassSend?)null, Refused: true);
                }
            });

            var stored = Assert.Single((await s.Sends.ListMassSendsAsync(new ListMassSendsRequest())).Sends, x => x.IdempotencyKey == key);
            Assert.All(results.Where(r => !r.Refused), r => Assert.Equal((stored.Id, stored.TemplateId), (r.Send!.Id, r.Template)));
            Assert.All(results.Where(r => r.Refused), r => Assert.NotEqual(stored.TemplateId, r.Template));
            Assert.Equal(4, results.Count(r => r.Refused));
        }

        Assert.Equal(3 * s.RecordIds.Count, (await s.Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    private static StartMassSendRequest Start(Seeded s, string key, Audience? audience = null)
    {
        var request = SendHelpers.Start(s.TemplateId, key);
        request.Audience = audience ?? request.Audience;
        return request;
    }

    private async Task<Seeded> SeedAsync(string orgName)
    {
        var setup = await SendHelpers.SeedAsync(fixture.Server, orgName, "idempotency.example", 3);
        var other = await new TemplatesService.TemplatesServiceClient(setup.Invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Other", Subject = "Other", HtmlBody = "<p>other</p>" },
        });
        var records = await new RecipientsService.RecipientsServiceClient(setup.Invoker).SearchRecordsAsync(
            new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 10 });
        return new Seeded(setup.Sends, setup.TemplateId, other.Template.Id, [.. records.Records.Select(r => r.Id)]);
    }

    private sealed record Seeded(MassSendService.MassSendServiceClient Sends, string TemplateId, string OtherTemplateId, List<string> RecordIds);
}

[Trait("Store", "Sqlite")]
public sealed class IdempotencySqliteTests(SqliteServerFixture f) : IdempotencyTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class IdempotencyMongoTests(MongoServerFixture f) : IdempotencyTests(f), IClassFixture<MongoServerFixture>;
