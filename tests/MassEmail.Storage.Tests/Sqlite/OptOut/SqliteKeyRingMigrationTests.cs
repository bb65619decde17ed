using Dapper;
using MassEmail.Core.OptOut;
using MassEmail.Core.Storage;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.OptOut;

/// <summary>Migration 9 adds the unsubscribe key ring to files in use at version 7 (the last one shipped), keeping their data.</summary>
public sealed class SqliteKeyRingMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion7WithData_AddsTheKeyRingAndKeepsData()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(7);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var ring = SigningKeyRing.First("k1", null, TestData.Now());
        Assert.Equal(WriteOutcome.Done, await services.GetRequiredService<ISigningKeyStore>().WriteAsync(ring, 0, Ct));
        Assert.Equal(ring.Keys, (await services.GetRequiredService<ISigningKeyStore>().GetAsync(Ct))!.Keys);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'signing_key_rings';"));
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
