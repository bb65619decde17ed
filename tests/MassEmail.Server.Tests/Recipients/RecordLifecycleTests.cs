using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>Records synced in through the real gRPC stack: idempotent upserts, flags, search, delete.</summary>
public abstract class RecordLifecycleTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task UpsertRecord_SameValuesTwice_SecondIsUnchanged_ThenChangeIsUpdated()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Records Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var input = R.Candidate("c-1", " Ada@Example.COM ", custom: ("years", R.Number(5)));

        var first = await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = input });
        var again = await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = input });
        input.FirstName = "Augusta";
        var changed = await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = input });

        Assert.Equal(UpsertResult.Inserted, first.Result);
        Assert.Equal(UpsertResult.Unchanged, again.Result);
        Assert.Equal(first.Record, again.Record);
        Assert.Equal(UpsertResult.Updated, changed.Result);
        Assert.Equal(first.Record.Id, changed.Record.Id);
        Assert.Equal("Augusta", changed.Record.FirstName);
        Assert.Equal("Ada@example.com", changed.Record.EmailNormalized);
        Assert.Equal(EmailStatus.Valid, changed.Record.EmailStatus);
        Assert.Equal(5, changed.Record.CustomFields["years"].NumberValue);
    }

    [SkippableFact]
    public async Task UpsertRecord_InvalidEmail_IsKeptAndFlagged()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Records Org 2");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var stored = (await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Contacts, Record = R.Candidate("x", "not an email") })).Record;

        Assert.Equal("not an email", stored.Email);
        Assert.Equal(EmailStatus.Invalid, stored.EmailStatus);
        Assert.Empty(stored.EmailNormalized);
    }

    [SkippableFact]
    public async Task EmailOptOut_SyncWithFalse_DoesNotClearIt_OnlySetEmailOptOutDoes()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Records Org 3");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var id = (await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("o", "o@example.com", optOut: true) })).Record.Id;

        var resync = await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("o", "o@example.com", "Changed") });
        Assert.True(resync.Record.EmailOptOut);

        var cleared = await client.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = id, EmailOptOut = false });
        Assert.False(cleared.Record.EmailOptOut);
    }

    [SkippableFact]
    public async Task SearchRecords_WithCriteriaAndPaging_ReturnsMatchesOnceEach()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Search Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        for (var i = 0; i < 9; i++)
        {
            await client.UpsertRecordAsync(new UpsertRecordRequest
            {
                Module = RecordModule.Candidates,
                Record = R.Candidate($"s-{i}", $"s{i}@example.com", i % 2 == 0 ? "Even" : "Odd", custom: ("years", R.Number(i))),
            });
        }

        var criteria = R.And(R.Where("first_name", ConditionOperator.Equals, R.Text("even")), R.Where("years", ConditionOperator.GreaterThan, R.Number(1)));
        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, Criteria = criteria, PageSize = 2, PageToken = token });
            seen.AddRange(page.Records.Select(r => r.ExternalId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(["s-2", "s-4", "s-6", "s-8"], seen.Order());
    }

    [SkippableFact]
    public async Task DeleteRecord_Existing_IsGoneAfterwards()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Delete Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var id = (await client.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("d", "d@example.com") })).Record.Id;

        await client.DeleteRecordAsync(new DeleteRecordRequest { Id = id });

        await RpcAssert.Fails(StatusCode.NotFound, () => client.GetRecordAsync(new GetRecordRequest { Id = id }));
    }
}

[Trait("Store", "Sqlite")]
public sealed class RecordLifecycleSqliteTests(SqliteServerFixture f) : RecordLifecycleTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class RecordLifecycleMongoTests(MongoServerFixture f) : RecordLifecycleTests(f), IClassFixture<MongoServerFixture>;
