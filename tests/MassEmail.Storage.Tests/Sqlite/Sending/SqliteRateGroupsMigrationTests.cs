using Dapper;
using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Storage;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>Migration 8 adds the rate groups: a file of version 7 has no table for them, and after the upgrade groups are stored.</summary>
public sealed class SqliteRateGroupsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion7_AddsAnEmptyRateGroupTable()
    {
        var (path, db) = await fixture.NewFileAtVersionAsync(7);
        await using (db)
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'rate_groups';"));
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        var groups = services.GetRequiredService<IRateGroupStore>();

        Assert.Null(await groups.GetAsync("ses", Ct));
        var group = new RateGroup("ses", 1, 0, [new RateGroupMember("a", 500, true, 1)]);
        Assert.Equal(WriteOutcome.Done, await groups.WriteAsync(group, 0, Ct));
        Assert.Equal(500, Assert.Single((await groups.GetAsync("ses", Ct))!.Members).Share);
    }
}
