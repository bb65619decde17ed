using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>Every malformed recipients request gets its precise status and field path, and nothing changes.</summary>
public abstract class RecipientsBadInputTests(ServerFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(RecipientsBadInputCases.Names), MemberType = typeof(RecipientsBadInputCases))]
    public async Task MalformedRecipientsRequest_IsRefusedWithField_AndNothingChanges(string name)
    {
        var @case = RecipientsBadInputCases.All[name];
        if (@case.NeedsUniqueIndex)
        {
            Skip.IfNot(await fixture.EnforcesUniqueNamesAsync(), "capability UniqueSecondaryIndexes: this MongoDB-wire server does not enforce unique indexes");
        }

        var org = await fixture.Server.CreateOrganisationAsync("Rec Bad Input Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var seed = await SeedAsync(client);
        var before = await SnapshotAsync(client, seed);

        var e = await RpcAssert.Fails(@case.Code, () => @case.Call(client, seed));

        if (@case.Code == StatusCode.FailedPrecondition)
        {
            Assert.Contains(@case.Field, e.PreconditionSubjects());
        }
        else if (@case.Field.Length > 0)
        {
            Assert.Contains(@case.Field, e.ViolatedFields());
        }

        Assert.Equal(before, await SnapshotAsync(client, seed));
    }

    private static async Task<RecipientsBadInputCases.Seed> SeedAsync(RecipientsService.RecipientsServiceClient client)
    {
        var record = (await client.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate("seed", "seed@example.com", custom: ("city", R.Text("Berlin"))),
        })).Record;
        var list = (await client.CreateMailingListAsync(new CreateMailingListRequest
        {
            List = new MailingList { Name = "Berliners", Module = RecordModule.Candidates, Criteria = R.Where("city", ConditionOperator.Equals, R.Text("berlin")) },
        })).List;
        var view = (await client.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "Everyone", Module = RecordModule.Candidates, Criteria = R.And() },
        })).View;
        return new RecipientsBadInputCases.Seed(record, list, view);
    }

    private static async Task<string> SnapshotAsync(RecipientsService.RecipientsServiceClient client, RecipientsBadInputCases.Seed seed)
    {
        var records = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 500 });
        var clients = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Clients, PageSize = 500 });
        var views = await client.ListCustomViewsAsync(new ListCustomViewsRequest());
        var lists = await client.ListMailingListsAsync(new ListMailingListsRequest());
        var subscriptions = await client.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = seed.Record.Id });
        var fields = await client.ListCustomFieldsAsync(new ListCustomFieldsRequest { Module = RecordModule.Candidates });
        return string.Join("\n", records, clients, views, lists, subscriptions, fields);
    }
}

[Trait("Store", "Sqlite")]
public sealed class RecipientsBadInputSqliteTests(SqliteServerFixture f) : RecipientsBadInputTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class RecipientsBadInputMongoTests(MongoServerFixture f) : RecipientsBadInputTests(f), IClassFixture<MongoServerFixture>;
