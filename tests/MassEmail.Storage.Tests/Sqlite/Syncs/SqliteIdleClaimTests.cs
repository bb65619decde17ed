using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Storage;
using MassEmail.Core.Syncs;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Syncs;

/// <summary>
/// Every instance asks for a sync run and an opt-out poll every idle delay; with nothing due the answer takes no write
/// lock on the file. Shown by another connection holding the write lock, with no busy wait allowed: a claim that tried
/// to write would fail at once.
/// </summary>
public sealed class SqliteIdleClaimTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Claims_WithNothingDue_TakeNoWriteLock_AndWithSomethingDueStillWrite()
    {
        var path = fixture.NewPath();
        await using ServiceProvider services = new ServiceCollection()
            .AddSqliteStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SqliteStoreOptions.SectionName}:Path"] = path,
                [$"{SqliteStoreOptions.SectionName}:BusyTimeoutMilliseconds"] = "0",
            }).Build())
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        var definitions = services.GetRequiredService<ISyncDefinitionStore>();
        var polls = services.GetRequiredService<IOptOutPollStore>();
        var now = TestData.Now();
        var (orgId, connectionId) = (Ids.New(), Ids.New());
        var settings = new SyncSettings(RecordModule.Candidates, new SyncSource(SyncSourceKind.View, Ids.New()), "list", [new(StandardFields.Email, "Contact Email")],
            true, RecordDeletedAction.Leave, new ScheduleTiming(new DateTime(2030, 1, 1, 9, 0, 0), "UTC", null), false);
        await definitions.InsertAsync(new SyncDefinition(Ids.New(), orgId, connectionId, "later", settings, SyncStatus.Initial, Ids.New(), now, now, 1, now.AddHours(1)), Ct);
        Assert.NotNull(await polls.TryClaimAsync(orgId, connectionId, "list", "a", now, now.AddMinutes(1), Ct));
        await polls.ReleaseAsync(orgId, connectionId, "list", "a", now.AddMinutes(10), Ct);

        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using var writeLock = other.BeginTransaction(deferred: false);
        await other.ExecuteAsync("UPDATE sync_definitions SET name = name;", transaction: writeLock);

        Assert.Null(await definitions.ClaimRunAsync("b", now, now.AddMinutes(2), Ct));
        Assert.Null(await polls.TryClaimAsync(orgId, connectionId, "list", "b", now, now.AddMinutes(1), Ct));

        // Due: the claims write (and, with the lock held and no busy wait, fail).
        await Assert.ThrowsAsync<SqliteException>(() => definitions.ClaimRunAsync("b", now.AddHours(1), now.AddHours(2), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => polls.TryClaimAsync(orgId, connectionId, "list", "b", now.AddMinutes(10), now.AddMinutes(11), Ct));
        await writeLock.RollbackAsync();
        Assert.NotNull(await definitions.ClaimRunAsync("b", now.AddHours(1), now.AddHours(2), Ct));
    }
}
