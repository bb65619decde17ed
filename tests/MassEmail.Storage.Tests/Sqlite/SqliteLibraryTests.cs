using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// SQLite's memory statistics are off in a process whose first connection the store opens: SQLite then takes no
/// process-wide mutex at each allocation (<see cref="SqliteLibrary"/>).
/// </summary>
public sealed class SqliteLibraryTests : IAsyncDisposable
{
    private readonly SqliteFile file = new();

    [Fact]
    public async Task Configure_BeforeTheFirstConnection_SqliteCountsNoAllocations()
    {
        Assert.True(SqliteLibrary.Configure());

        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL);");
        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            using (var insert = write.Prepared("INSERT INTO t (v) VALUES (?1);"))
            {
                insert.Bind(1, new string('x', 10_000));
                insert.Step();
            }

            await write.CommitAsync(default);
        }

        // With the statistics on, SQLite counts its page caches, statements and connections here: hundreds of kilobytes.
        Assert.Equal(0, SQLitePCL.raw.sqlite3_memory_used());
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();
}
