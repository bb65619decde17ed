using Dapper;
using MassEmail.Core.Storage;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Suppressions;

/// <summary>Migration 11 adds the suppression list to files in use at version 10 (the last one before it), keeping their data.</summary>
public sealed class SqliteSuppressionsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion10WithData_AddsSuppressionsAndKeepsData()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(10);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var entry = new Suppression(org.Id, "ana@example.com", "ana@example.com", SuppressionReason.Bounce, "test", "", TestData.Now());
        var store = services.GetRequiredService<ISuppressionStore>();
        Assert.True((await store.AddAsync(entry, Ct)).Added);
        Assert.Equal(entry, await store.GetAsync(org.Id, entry.EmailKey, Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
