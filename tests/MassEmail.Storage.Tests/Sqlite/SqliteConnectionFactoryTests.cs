using MassEmail.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// The per-connection settings are applied once per native connection: a connection the pool hands out again still
/// has them (the factory skips them then), and so does a new one; the store's SQL function is there every time.
/// </summary>
public sealed class SqliteConnectionFactoryTests : IAsyncDisposable
{
    private readonly SqliteFile file = new(busyTimeoutMilliseconds: 4321);

    [Fact]
    public async Task OpenAsync_PooledConnectionHandedOutAgain_KeepsItsSettingsAndFunction()
    {
        var factory = file.Factory;

        SQLitePCL.sqlite3 first;
        await using (var db = await factory.OpenAsync(default))
        {
            first = db.Handle!;
            await AssertSettingsAsync(db);
        }

        await using (var again = await factory.OpenAsync(default))
        await using (var beside = await factory.OpenAsync(default))
        {
            Assert.Same(first, again.Handle);
            Assert.NotSame(first, beside.Handle);
            await AssertSettingsAsync(again);
            await AssertSettingsAsync(beside);
        }
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    private static async Task AssertSettingsAsync(SqliteConnection db)
    {
        Assert.Equal(4321L, await ScalarAsync(db, "PRAGMA busy_timeout;"));
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA synchronous;"));
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA foreign_keys;"));
        Assert.Equal("müller", await ScalarAsync(db, $"SELECT {SqliteFunctions.Fold}('MÜLLER');"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
