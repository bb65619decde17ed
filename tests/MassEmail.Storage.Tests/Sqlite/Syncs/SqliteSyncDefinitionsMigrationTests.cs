using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Storage;
using MassEmail.Core.Syncs;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Syncs;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Syncs;

/// <summary>
/// The sync definitions migration adds its table to a file an older build left at the version just before it, keeping
/// that file's data. The version is looked up, not written down, so a renumbering at merge needs no edit here.
/// </summary>
public sealed class SqliteSyncDefinitionsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtThePreviousVersionWithData_AddsSyncDefinitionsAndKeepsData()
    {
        var before = SqliteSchema.Migrations.ToList().IndexOf(SyncDefinitionsMigration.Sql);
        Assert.True(before > 0);
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(before);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var settings = new SyncSettings(RecordModule.Contacts, new SyncSource(SyncSourceKind.View, Ids.New()), "list", [new(StandardFields.Email, "email_address")],
            true, RecordDeletedAction.Leave, new ScheduleTiming(new DateTime(2030, 1, 1, 9, 0, 0), "UTC", null), false);
        var definition = new SyncDefinition(Ids.New(), org.Id, Ids.New(), "after upgrade", settings, SyncStatus.Initial, Ids.New(), TestData.Now(), TestData.Now(), 1);
        var definitions = services.GetRequiredService<ISyncDefinitionStore>();
        await definitions.InsertAsync(definition, Ct);
        Assert.Equal(definition, await definitions.GetAsync(org.Id, definition.Id, Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
