using Dapper;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>
/// The per-row delivery statements must find their rows by key or partial index: a plan that scans the
/// table turns a million-row send's claims and outcomes from microseconds into seconds per row (seen while
/// choosing migration 5's layout), and nothing else would notice.
/// </summary>
public sealed class SqliteDeliveryPlanTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    public static TheoryData<string, string> Statements => new()
    {
        { "claim", DeliverySql.ClaimBatch },
        { "rows", DeliverySql.BatchRows },
        { "close", DeliverySql.CloseBatch },
        { "complete", DeliverySql.Complete },
        { "checkpoint", DeliverySql.Checkpoint },
        { "release", DeliverySql.Release },
        { "expired", DeliverySql.Expired },
        { "expire", DeliverySql.ExpireRows },
        { "reopen", DeliverySql.Reopen },
        { "append", DeliverySql.Append },
        { "append batch", DeliverySql.AppendBatch },
        { "held", DeliverySql.HeldRows },
        { "open batches", DeliverySql.OpenBatches },
        { "pending page", DeliverySql.PendingPage },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task PerRowStatement_Plan_SearchesByKeyOrPartialIndexAndNeverScans(string name, string sql)
    {
        var plan = await PlanAsync(sql);

        // The progress read's claimed batches come from the partial index of claimed batches: a few per instance.
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && !(name == "held" && step == "SCAN b USING INDEX ix_delivery_batches_claimed"));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        if (name is "rows" or "expire" or "release" or "held" or "pending page")
        {
            // A batch's rows by the key range of the batch: no index of PENDING rows is needed (migration 29).
            List<string> rows = [.. plan.Where(step => step.Contains(" d ", StringComparison.Ordinal) || step.Contains(" deliveries ", StringComparison.Ordinal))];
            Assert.NotEmpty(rows);
            Assert.All(rows, step => Assert.Contains("(send_id=? AND id>? AND id<?)", step, StringComparison.Ordinal));
        }

        if (name == "claim")
        {
            Assert.Contains(plan, step => step.Contains("ix_delivery_batches_pending", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Deliveries_Indexes_AreTheKeyTheRecordUniquenessAndTheExceptionsOnly()
    {
        var path = fixture.NewPath();
        await using (ServiceProvider services = SqliteStoreFixture.BuildServices(path))
        {
            await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        }

        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        var indexes = (await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' ORDER BY name;")).ToList();

        // Every row enters and leaves an index of PENDING rows no more (migration 29): batches find their rows by key.
        Assert.Equal(["ix_deliveries_exceptions", "sqlite_autoindex_deliveries_1", "ux_deliveries_send_record"], indexes);
    }

    [Theory]
    [InlineData(DeliveryState.Failed, "ix_deliveries_exceptions")]
    [InlineData(DeliveryState.Skipped, "ix_deliveries_exceptions")]
    [InlineData(DeliveryState.Unknown, "ix_deliveries_exceptions")]
    public async Task ListingOfAState_Plan_UsesThePartialIndexOfThatState(DeliveryState state, string index)
    {
        var plan = await PlanAsync($"SELECT id FROM deliveries WHERE send_id = ?1 AND {DeliverySql.StateCondition(state)} AND id > ?2 ORDER BY id LIMIT 10;");

        Assert.Contains(plan, step => step.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private async Task<List<string>> PlanAsync(string sql)
    {
        var path = fixture.NewPath();
        await using (ServiceProvider services = SqliteStoreFixture.BuildServices(path))
        {
            await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        }

        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        return [.. (await db.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>($"EXPLAIN QUERY PLAN {sql}")).Select(r => r.Detail)];
    }
}
