using Dapper;
using MassEmail.Core.Secrets;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Migrations;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Secrets;

/// <summary>
/// The Data Protection key ring migration adds its table to a file an older build left at the version just before it,
/// keeping that file's data. The version is looked up, not written down, so a renumbering at merge needs no edit here.
/// </summary>
public sealed class SqliteDataProtectionKeysMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtThePreviousVersionWithData_AddsTheKeyRingTableAndKeepsData()
    {
        var before = SqliteSchema.Migrations.ToList().IndexOf(DataProtectionKeysMigration.Sql);
        Assert.True(before > 0);
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(before);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var keys = services.GetRequiredService<IDataProtectionKeyStore>();
        Assert.Empty(await keys.ListAllAsync(Ct));
        var element = new KeyElement("key-after-upgrade", "<key id=\"00000000-0000-0000-0000-000000000001\" version=\"1\" />");
        await keys.AddAsync(element, Ct);
        Assert.Equal(element, Assert.Single(await keys.ListAllAsync(Ct)));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
