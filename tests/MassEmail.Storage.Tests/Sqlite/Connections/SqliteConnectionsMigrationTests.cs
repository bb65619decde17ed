using Dapper;
using MassEmail.Core;
using MassEmail.Core.Connections;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Connections;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Connections;

/// <summary>
/// The connections migration adds its tables to a file an older build left at the version just before it, keeping that
/// file's data. The version is looked up, not written down, so a renumbering at merge needs no edit here.
/// </summary>
public sealed class SqliteConnectionsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtThePreviousVersionWithData_AddsConnectionsAndTokensAndKeepsData()
    {
        var before = SqliteSchema.Migrations.ToList().IndexOf(ConnectionsMigration.Sql);
        Assert.True(before > 0);
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(before);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var connection = new Connection(Ids.New(), org.Id, "mailchimp", "after upgrade", "us6", "ciphertext", ["api_key"], Ids.New(), TestData.Now(), 1);
        var connections = services.GetRequiredService<IConnectionStore>();
        await connections.InsertAsync(connection, Ct);
        Assert.Equal(connection, await connections.GetAsync(org.Id, connection.Id, Ct));
        Assert.True(await services.GetRequiredService<IAccessTokenStore>().TryLeaseAsync("k", "h", TestData.Now(), TestData.Now().AddMinutes(1), Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
