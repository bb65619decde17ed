using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Scheduling;

/// <summary>Migration 17 adds schedules to files in use at version 16 (the last one before it), keeping their data.</summary>
public sealed class SqliteSchedulesMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion16WithData_AddsSchedulesAndKeepsData()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(16);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var now = TestData.Now();
        var schedule = new Schedule(Ids.New(), org.Id, "n", RecordModule.Contacts, Ids.New(), Ids.New(), AddressChoice.Account, AddressChoice.Account,
            true, new DateTime(2030, 1, 1, 9, 0, 0), "UTC", null, Ids.New(), 1, now, now, now);
        var store = services.GetRequiredService<IScheduleStore>();
        await store.InsertAsync(schedule, Ct);
        Assert.Equal(schedule, await store.GetAsync(org.Id, schedule.Id, Ct));
        Assert.Equal(1, await store.ChangeMarkerAsync(Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
