using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// The gated writers share one connection on which their statements stay prepared from one write to the next
/// (<see cref="SqliteWrite.Prepared"/>): a statement comes back reset and unbound, even after a write that failed
/// halfway through it, is never handed out twice at once, and is gone with the factory.
/// </summary>
public sealed class PreparedStatementsTests : IAsyncDisposable
{
    private const string Insert = "INSERT INTO t (v) VALUES (?1);";
    private const string Values = "SELECT v FROM t ORDER BY rowid;";

    private readonly SqliteFile file = new();

    private SqliteConnectionFactory Factory => file.Factory;

    [Fact]
    public async Task AStatement_IsTheOnePreparedByTheWriteBefore_ResetAndUnbound()
    {
        await CreateTableAsync();
        SqliteStatement first;
        await using (var write = await Factory.BeginWriteAsync(default))
        {
            using var insert = write.Prepared(Insert);
            insert.Bind(1, 1);
            insert.Step();
            first = insert;
            await write.CommitAsync(default);
        }

        await using (var write = await Factory.BeginWriteAsync(default))
        {
            // Unbound: the value of the write before is not carried over, so a parameter left out is NULL.
            using var insert = write.Prepared(Insert);
            Assert.Same(first, insert);
            insert.Step();
            await write.CommitAsync(default);
        }

        Assert.Equal([1L, null], await ValuesAsync());
    }

    [Fact]
    public async Task AWriteFailingHalfwayThroughAStatement_LeavesItReadyForTheNextWrite()
    {
        await CreateTableAsync();
        await using (var write = await Factory.BeginWriteAsync(default))
        {
            using var insert = write.Prepared(Insert);
            foreach (var v in new long[] { 1, 2, 3 })
            {
                insert.Bind(1, v);
                insert.Step();
                insert.Reset();
            }

            await write.CommitAsync(default);
        }

        // A read stopped after its first row, in a write that is then rolled back (never committed).
        await using (var write = await Factory.BeginWriteAsync(default))
        {
            using var read = write.Prepared(Values);
            Assert.True(read.Step());
            Assert.Equal(1, read.GetInt64(0));
        }

        // The next write reads from the start, and its own insert commits: no read is left open on the connection.
        await using (var write = await Factory.BeginWriteAsync(default))
        {
            using (var read = write.Prepared(Values))
            {
                var seen = new List<long>();
                while (read.Step())
                {
                    seen.Add(read.GetInt64(0));
                }

                Assert.Equal([1L, 2L, 3L], seen);
            }

            using var insert = write.Prepared(Insert);
            insert.Bind(1, 4);
            insert.Step();
            await write.CommitAsync(default);
        }

        Assert.Equal([1L, 2L, 3L, 4L], await ValuesAsync());
    }

    [Fact]
    public async Task AStatementInUse_IsNotHandedOutAgainInTheSameWrite()
    {
        await CreateTableAsync();
        await using var write = await Factory.BeginWriteAsync(default);
        using var insert = write.Prepared(Insert);
        Assert.Throws<InvalidOperationException>(() => write.Prepared(Insert));
    }

    [Fact]
    public async Task AfterTheFactoryIsDisposed_AWriteIsRefused()
    {
        await CreateTableAsync();
        await using (var write = await Factory.BeginWriteAsync(default))
        {
            using var insert = write.Prepared(Insert);
            insert.Bind(1, 1);
            insert.Step();
            await write.CommitAsync(default);
        }

        await Factory.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Factory.BeginWriteAsync(default));
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    private Task CreateTableAsync() => file.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER NULL);");

    private async Task<List<long?>> ValuesAsync()
    {
        await using var db = await Factory.OpenAsync(default);
        await using var command = db.CreateCommand();
        command.CommandText = Values;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetInt64(0));
        }

        return values;
    }
}
