using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Recipients;
using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>
/// What only the SQLite audience promises: a send's snapshot reads the audience in key order without sorting it,
/// looks each row's duplicates up in the records' email index instead of grouping the audience first, and leaves
/// nothing on the pooled connection it used.
/// </summary>
public sealed class SqliteAudienceSqlTests(SqliteStoreFixture fixture) : StoreContract(fixture), IClassFixture<SqliteStoreFixture>
{
    [SkippableTheory]
    [InlineData("module")]
    [InlineData("static list")]
    [InlineData("dynamic list")]
    [InlineData("record ids")]
    [InlineData("filter")]
    [InlineData("static list, record ids, filter")]
    public async Task Members_EveryAudienceShape_ReadsInKeyOrderAndLooksDuplicatesUp(string shape)
    {
        var query = new AudienceQuery(Ids.New(), RecordModule.Candidates, null, null, null, false);
        foreach (var part in shape.Split(", "))
        {
            query = part switch
            {
                "static list" => query with { ListId = Ids.New(), ListIsStatic = true },
                "dynamic list" => query with { ListId = Ids.New(), ListIsStatic = false },
                "record ids" => query with { RecordIds = [Ids.New(), Ids.New()] },
                "filter" => query with
                {
                    Filter = new AnyOf(
                    [
                        new FieldFilter(StandardFields.Path(StandardFields.LastName), FilterOperator.Equals, [FieldValue.Of("Lovelace")]),
                        new ClientMatches(new FieldFilter(StandardFields.Path(StandardFields.ExternalId), FilterOperator.StartsWith, [FieldValue.Of("c")])),
                    ]),
                },
                _ => query,
            };
        }

        (var sql, var bag) = AudienceSql.Members(query, limit: null);
        await using SqliteConnection db = await Fixture.Store.Get<SqliteConnectionFactory>().OpenAsync(Ct);

        List<PlanStep> plan = [.. await db.QueryAsync<PlanStep>("EXPLAIN QUERY PLAN " + sql, bag.Parameters)];

        var steps = string.Join("\n", plan.Select(s => $"{s.Id} {s.Parent} {s.Detail}"));
        Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("MATERIALIZE", steps, StringComparison.Ordinal);
        Assert.Empty(plan.Where(s => s.Parent == 0 && s.Detail.StartsWith("SCAN", StringComparison.Ordinal)).Select(s => s.Detail));

        // A duplicate is looked up per row: one search of the records' email index for an earlier record of the
        // address (or, with record ids, for each listed id), never a pass over the audience before the first row.
        var search = query.RecordIds is null ? "id<?" : "id=?";
        Assert.Single(plan, s => s.Detail.StartsWith("SEARCH d USING", StringComparison.Ordinal)
            && s.Detail.Contains($"ix_records_email (org_id=? AND module=? AND email_key=? AND {search})", StringComparison.Ordinal));
        Assert.DoesNotContain("SCAN d", steps, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task StreamAsync_StoppedEarly_LeavesNothingOnThePooledConnections()
    {
        // A store of its own, used one call at a time, so its pool holds only the connection or two it ever opened.
        await using StoreInstance store = await Fixture.OpenFreshAsync();
        await store.InitializeAsync();
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        RecipientRecord[] records = [.. Enumerable.Range(0, 50).Select(i =>
            RecipientData.Record(org.Id).WithEmail($"person{i % 10}@example.com", EmailStatus.Valid))];
        await store.Get<IRecordStore>().UpsertAsync(org.Id, RecordModule.Candidates, records, Ct);

        var read = 0;
        await foreach (AudienceMember _ in store.Get<IAudienceStore>().StreamAsync(new AudienceQuery(org.Id, RecordModule.Candidates, null, null, null, false), Ct))
        {
            if (++read == 3)
            {
                break;
            }
        }

        // Opened together, so the pool hands out each idle connection once, the stream's among them.
        var factory = store.Get<SqliteConnectionFactory>();
        List<SqliteConnection> pooled = [];
        try
        {
            for (var i = 0; i < 4; i++)
            {
                pooled.Add(await factory.OpenAsync(Ct));
            }

            foreach (SqliteConnection db in pooled)
            {
                Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_temp_schema;"));
            }

            // Nor does any of them still hold a read snapshot: a full checkpoint is not kept busy.
            Assert.Equal(0, await pooled[0].ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE);"));
        }
        finally
        {
            foreach (SqliteConnection db in pooled)
            {
                await db.DisposeAsync();
            }
        }
    }

    private sealed record PlanStep(long Id, long Parent, long NotUsed, string Detail);
}
