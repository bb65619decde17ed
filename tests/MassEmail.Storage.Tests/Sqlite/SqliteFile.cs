using MassEmail.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// A fresh SQLite file in a directory of its own with the adapter's connection factory on it, for the tests of the
/// factory's own mechanisms (no schema: each test creates what it needs). Disposing stops the factory and deletes it all.
/// </summary>
internal sealed class SqliteFile : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-sqlite-{Guid.NewGuid():N}");

    public SqliteFile(int busyTimeoutMilliseconds = 5000)
    {
        Directory.CreateDirectory(directory);
        Factory = new SqliteConnectionFactory(Options.Create(new SqliteStoreOptions
        {
            Path = Path.Combine(directory, "test.db"),
            BusyTimeoutMilliseconds = busyTimeoutMilliseconds,
        }));
    }

    public SqliteConnectionFactory Factory { get; }

    /// <summary>Runs <paramref name="sql"/> on a pooled connection, outside the write gate.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var db = await Factory.OpenAsync(default);
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
