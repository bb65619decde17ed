using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>
/// The SQLite adapter removes a counter's days past <see cref="IQuotaStore.Retention"/>, with what was given back on them,
/// when that counter is first used on a later day, as MongoDB's TTL index removes its counters: neither table grows with
/// every day and every send.
/// </summary>
public sealed class SqliteQuotaRetentionTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static readonly DateOnly Today = new(2031, 3, 14);

    [Fact]
    public async Task TryReserveAsync_FirstOfADay_RemovesThatCountersDaysPastRetentionWithTheirReleases()
    {
        var path = fixture.NewPath();
        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        var quotas = services.GetRequiredService<IQuotaStore>();
        var (orgId, otherOrg) = (Ids.New(), Ids.New());
        var expired = Today.AddDays(-8); // ended seven days before today began
        var kept = Today.AddDays(-7);
        var counters = new[] { (orgId, "bulk", expired), (orgId, "bulk", kept), (orgId, "individual", expired), (otherOrg, "bulk", expired) };
        foreach (var (org, counter, day) in counters)
        {
            await quotas.TryReserveAsync(org, counter, day, 5, 100, CancellationToken.None);
            await quotas.ReleaseUpToAsync(org, counter, day, "send-1", 2, CancellationToken.None);
        }

        await quotas.TryReserveAsync(orgId, "bulk", Today, 1, 100, CancellationToken.None);

        // Only the organisation's bulk counter of the expired day went, with its release; its day within Retention, its
        // other counter and the other organisation's stay until each is used on a later day.
        Assert.Equal(0, await quotas.GetUsedAsync(orgId, "bulk", expired, CancellationToken.None));
        Assert.Equal(3, await quotas.GetUsedAsync(orgId, "bulk", kept, CancellationToken.None));
        Assert.Equal(3, await quotas.GetUsedAsync(orgId, "individual", expired, CancellationToken.None));
        Assert.Equal(3, await quotas.GetUsedAsync(otherOrg, "bulk", expired, CancellationToken.None));
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        var releases = await db.QueryAsync<(string Org, string Counter, string Day)>("SELECT org_id, counter, day FROM quota_releases;");
        string[] left = [$"{orgId} bulk {SqliteQuotaStore.Day(kept)}", $"{orgId} individual {SqliteQuotaStore.Day(expired)}", $"{otherOrg} bulk {SqliteQuotaStore.Day(expired)}"];
        Assert.Equal(left.Order(StringComparer.Ordinal), releases.Select(r => $"{r.Org} {r.Counter} {r.Day}").Order(StringComparer.Ordinal));

        // The day's counter, written in the same transaction as the removal, counts on.
        Assert.Equal((true, 2L), await quotas.TryReserveAsync(orgId, "bulk", Today, 1, 100, CancellationToken.None));
    }
}
