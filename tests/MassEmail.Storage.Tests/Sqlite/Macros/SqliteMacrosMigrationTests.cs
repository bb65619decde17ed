using Dapper;
using MassEmail.Core;
using MassEmail.Core.Macros;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Macros;

/// <summary>Migration 19 adds macros to files in use at version 18 (the last one before it), keeping their data.</summary>
public sealed class SqliteMacrosMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion18WithData_AddsMacrosAndKeepsData()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(18);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var now = TestData.Now();
        var macro = new Macro(Ids.New(), org.Id, RecordModule.Contacts, "m", Ids.New(), AddressChoice.Account, AddressChoice.Account, Ids.New(), 1, now, now);
        var store = services.GetRequiredService<IMacroStore>();
        await store.InsertAsync(macro, Ct);
        Assert.Equal(macro, await store.GetAsync(org.Id, macro.Id, Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
