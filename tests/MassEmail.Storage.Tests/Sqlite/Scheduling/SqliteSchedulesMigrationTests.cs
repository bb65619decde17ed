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
        Assert.True(await store.InsertAsync(schedule, 0, Ct));
        Assert.Equal(schedule, await store.GetAsync(org.Id, schedule.Id, Ct));
        Assert.Equal(1, await store.ChangeMarkerAsync(Ct));
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }

    /// <summary>Migration 18 keeps the schedules of a file at version 17: they read as skipping an occurrence that does not fit the quota.</summary>
    [Fact]
    public async Task InitializeAsync_FileAtVersion17WithASchedule_KeepsItNotWaitingForTheQuotaDay()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(17);
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await old.ExecuteAsync("""
                INSERT INTO schedules (org_id, id, name, module, view_id, template_id, from_choice, reply_to_choice, active, start_local, time_zone,
                                       recurrence_json, created_by, version, created_at, updated_at, next_fire_at)
                VALUES (@org, 'sched1', 'n', 1, 'v', 't', 1, 1, 1, '2030-01-01T09:00', 'UTC', NULL, 'u', 1, 0, 0, 1893488400000);
                """, new { org = org.Id });
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        var store = services.GetRequiredService<IScheduleStore>();
        var kept = await store.GetAsync(org.Id, "sched1", Ct);
        Assert.Equal(("n", false), (kept?.Name, kept?.WaitForQuotaDay));
        Assert.Equal(0, await store.SlotVersionAsync(org.Id, Ct));
        Assert.True(await store.TakeRunSlotAsync(org.Id, "sched1", "2030-01-01T09:00+00:00", 3, TestData.Now(), Ct));
    }
}
