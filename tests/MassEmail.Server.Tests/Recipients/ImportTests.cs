using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>The client-streaming import: per-row errors without aborting, counts, idempotent re-import.</summary>
public abstract class ImportTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task ImportRecords_WithBadRows_ReportsThemAndStoresTheRest_SecondImportChangesNothing()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Import Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var batches = new[]
        {
            new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records =
                {
                    R.Candidate("i-1", "one@example.com", custom: ("level", R.Number(1))),
                    R.Candidate("", "no-id@example.com"),
                    R.Candidate("i-3", "three@example.com", custom: ("level", R.Text("high"))),
                    R.Candidate("i-4", "bad address"),
                },
            },
            new ImportRecordsRequest { Module = RecordModule.Unspecified, Records = { R.Candidate("i-5", "five@example.com") } },
            new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { R.Candidate("i-6", "six@example.com", custom: ("Bad Name", R.Text("x"))), R.Candidate("i-7", "seven@example.com") },
            },
        };

        var first = await ImportAsync(client, batches);
        var second = await ImportAsync(client, batches);

        Assert.Equal(7, first.Received);
        Assert.Equal(3, first.Inserted);
        Assert.Equal(0, first.Updated);
        Assert.Equal(4, first.Failed);
        Assert.Equal(
            [(2L, "external_id"), (3L, "custom.level"), (5L, "module"), (6L, "custom.Bad Name")],
            first.Errors.Select(e => (e.Row, e.Field)).OrderBy(e => e.Item1));
        Assert.Equal(0, second.Inserted + second.Updated);
        Assert.Equal(3, second.Unchanged);
        Assert.Equal(4, second.Failed);

        var stored = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 100 });
        Assert.Equal(["i-1", "i-4", "i-7"], stored.Records.Select(r => r.ExternalId).Order());
        Assert.Equal(EmailStatus.Invalid, stored.Records.Single(r => r.ExternalId == "i-4").EmailStatus);
    }

    [SkippableFact]
    public async Task ImportRecords_UnreadableRowBeforeRefusedRow_ReportsEachUnderItsStreamRow()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Import Rows Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        var batch = new ImportRecordsRequest
        {
            Module = RecordModule.Candidates,
            Records =
            {
                R.Candidate("u-1", "one@example.com"),
                R.Candidate("u-2", "two@example.com", custom: ("level", new FieldValue())),
                R.Candidate("", "three@example.com"),
                R.Candidate("u-4", "four@example.com"),
            },
        };

        var result = await ImportAsync(client, [new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { R.Candidate("u-0", "zero@example.com") } }, batch]);

        Assert.Equal(5, result.Received);
        Assert.Equal(3, result.Inserted);
        Assert.Equal(2, result.Failed);
        Assert.Equal([(3L, "custom.level"), (4L, "external_id")], result.Errors.Select(e => (e.Row, e.Field)).OrderBy(e => e.Item1));
    }

    /// <summary>
    /// A message over the row limit is refused as a whole, row by row, and the stream goes on: the totals
    /// of the response always say what was stored (received = inserted + updated + unchanged + failed).
    /// </summary>
    [SkippableFact]
    public async Task ImportRecords_MessageOverTheRowLimit_IsRefusedRowByRowAndTheStreamGoesOn()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Import Limit Org");
        var client = R.Client(fixture, org.AdminKey.Secret);
        ImportRecordsRequest Batch(string prefix, int count) => new()
        {
            Module = RecordModule.Candidates,
            Records = { Enumerable.Range(0, count).Select(i => R.Candidate($"{prefix}-{i}", $"{prefix}{i}@example.com")) },
        };

        var result = await ImportAsync(client, [Batch("before", 10), Batch("over", 5_001), Batch("after", 2)]);

        Assert.Equal(5_013, result.Received);
        Assert.Equal(12, result.Inserted);
        Assert.Equal(5_001, result.Failed);
        Assert.Equal(result.Received, result.Inserted + result.Updated + result.Unchanged + result.Failed);
        Assert.Equal(1_000, result.Errors.Count);
        Assert.Equal(Enumerable.Range(11, 1_000).Select(i => (long)i), result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal(("records", "the message has 5001 rows, at most 5000 are allowed per message: none of its rows were stored"), (e.Field, e.Reason)));
        var stored = await client.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 100 });
        Assert.Equal(12, stored.Records.Count);
        Assert.DoesNotContain(stored.Records, r => r.ExternalId.StartsWith("over-", StringComparison.Ordinal));
    }

    private static async Task<ImportRecordsResponse> ImportAsync(RecipientsService.RecipientsServiceClient client, IEnumerable<ImportRecordsRequest> batches)
    {
        using var call = client.ImportRecords();
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }
}

[Trait("Store", "Sqlite")]
public sealed class ImportSqliteTests(SqliteServerFixture f) : ImportTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class ImportMongoTests(MongoServerFixture f) : ImportTests(f), IClassFixture<MongoServerFixture>;
