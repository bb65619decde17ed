using Dapper;
using MassEmail.Core.Recipients;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>The recipients tables arrive as migration 2, on new files and on files already in use at version 1.</summary>
public sealed class SqliteRecipientsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion1WithData_MigratesToLatestAndKeepsData()
    {
        var path = fixture.NewPath();
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.ExecuteAsync(SqliteSchema.Migrations[0]);
            await db.ExecuteAsync("PRAGMA user_version = 1;");
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        Organisation org = TestData.Organisation();
        await services.GetRequiredService<IOrganisationStore>().CreateAsync(org, Ct);

        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org, await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct));
        RecipientRecord record = RecipientData.Record(org.Id);
        await services.GetRequiredService<IRecordStore>().UpsertAsync(org.Id, RecordModule.Candidates, [record], Ct);
        RecordAssert.Equal(record, await services.GetRequiredService<IRecordStore>().GetAsync(org.Id, record.Id, Ct));
        await using var check = new SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }

    [Fact]
    public async Task UpsertAsync_RecordOfUnknownOrganisation_IsRefusedByForeignKey()
    {
        await using ServiceProvider services = SqliteStoreFixture.BuildServices(fixture.NewPath());
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        var orgId = MassEmail.Core.Ids.New();

        SqliteException e = await Assert.ThrowsAsync<SqliteException>(
            () => services.GetRequiredService<IRecordStore>().UpsertAsync(orgId, RecordModule.Candidates, [RecipientData.Record(orgId)], Ct));

        Assert.Contains("FOREIGN KEY", e.Message, StringComparison.Ordinal);
    }
}
