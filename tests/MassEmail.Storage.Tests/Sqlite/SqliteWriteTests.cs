using MassEmail.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// The gated writers share one kept connection (with the store's settings and function) and its prepared statements:
/// a write that fails is rolled back without harming the next, and disposing the factory closes the connection.
/// </summary>
public sealed class SqliteWriteTests : IAsyncDisposable
{
    private const string Insert = "INSERT INTO t (v) VALUES (?1);";

    private readonly SqliteFile file = new(busyTimeoutMilliseconds: 4321);

    [Fact]
    public async Task Writes_ShareOneConnectionWithTheStoresSettings_AndItsPreparedStatements()
    {
        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL);");
        SQLitePCL.sqlite3 first;
        SqliteStatement firstInsert;
        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            first = write.Db.Handle!;
            using (var insert = firstInsert = write.Prepared(Insert))
            {
                insert.Bind(1, "a");
                insert.Step();
            }

            Assert.Equal(4321L, await ScalarAsync(write, "PRAGMA busy_timeout;"));
            Assert.Equal("müller", await ScalarAsync(write, $"SELECT {SqliteFunctions.Fold}('MÜLLER');"));
            await write.CommitAsync(default);
        }

        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            Assert.Same(first, write.Db.Handle);
            using var insert = write.Prepared(Insert);
            Assert.Same(firstInsert, insert);
            insert.Bind(1, "b");
            insert.Step();
            Assert.Equal("müller", await ScalarAsync(write, $"SELECT {SqliteFunctions.Fold}('MÜLLER');"));
            await write.CommitAsync(default);
        }

        Assert.Equal("a,b", await ReadAsync());
    }

    [Fact]
    public async Task Dispose_WithAWriterWaiting_LetsItInBeforeItsCallerGoesOn_AndAloneEndsAtOnce()
    {
        // Alone: nobody to let in, so the write ends on the caller's thread without a detour.
        var alone = await file.Factory.BeginWriteAsync(default);
        Assert.True(alone.DisposeAsync().IsCompleted);

        // With a writer waiting, on a context that runs queued code only when told: the waiting writer's code is queued
        // when the gate is let go, and the leaving caller's rest after it (in the thread pool, that is the queue of
        // the thread the caller runs on, which would otherwise go on with the caller's next work first).
        var first = await file.Factory.BeginWriteAsync(default);
        var context = new StepContext();
        Task<SqliteWrite> second;
        ValueTask leaving;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            second = file.Factory.BeginWriteAsync(default);
            leaving = first.DisposeAsync();
            Assert.Equal(2, context.Queued);
            Assert.False(leaving.IsCompleted);
            context.RunNext();
            Assert.True(second.IsCompletedSuccessfully);
            Assert.False(leaving.IsCompleted);
            context.RunNext();
            Assert.True(leaving.IsCompletedSuccessfully);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        await (await second).DisposeAsync();
    }

    [Fact]
    public async Task Write_ThatThrowsBeforeItsCommit_IsRolledBack_AndTheNextWriteRuns()
    {
        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL);");
        await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var write = await file.Factory.BeginWriteAsync(default);
            using var insert = write.Prepared(Insert);
            insert.Bind(1, "lost");
            insert.Step();
            insert.Reset();
            insert.Bind(1, (string?)null);
            insert.Step(); // NOT NULL: throws with the statement still taken and the transaction open
        });

        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            using var insert = write.Prepared(Insert);
            insert.Bind(1, "kept");
            insert.Step();
            await write.CommitAsync(default);
        }

        Assert.Equal("kept", await ReadAsync());
    }

    [Fact]
    public async Task Prepared_TakenTwiceInOneWrite_Throws_AndIsFreeAgainOnceDisposed()
    {
        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL);");
        await using var write = await file.Factory.BeginWriteAsync(default);
        using (write.Prepared(Insert))
        {
            Assert.Throws<InvalidOperationException>(() => write.Prepared(Insert));
        }

        using var again = write.Prepared(Insert);
        again.Bind(1, "x");
        again.Step();
    }

    [Fact]
    public async Task Prepared_DisposedAfterUse_ComesBackWithItsBindingsCleared()
    {
        await file.ExecuteAsync("CREATE TABLE n (v TEXT);");
        await using var write = await file.Factory.BeginWriteAsync(default);
        const string sql = "INSERT INTO n (v) VALUES (?1);";
        using (var insert = write.Prepared(sql))
        {
            insert.Bind(1, "bound");
            insert.Step();
        }

        using (var insert = write.Prepared(sql))
        {
            insert.Step();
        }

        Assert.Equal(1L, await ScalarAsync(write, "SELECT count(*) FROM n WHERE v IS NULL;"));
    }

    [Fact]
    public async Task DisposedFactory_ClosesTheWritersConnection_AndRefusesWrites()
    {
        await file.ExecuteAsync("CREATE TABLE t (v TEXT NOT NULL);");
        SqliteConnection db;
        await using (var write = await file.Factory.BeginWriteAsync(default))
        {
            db = write.Db;
            using var insert = write.Prepared(Insert);
        }

        await file.Factory.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Closed, db.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => file.Factory.BeginWriteAsync(default));
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    private static async Task<object?> ScalarAsync(SqliteWrite write, string sql)
    {
        await using var command = write.Db.CreateCommand();
        command.Transaction = write.Tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<string> ReadAsync()
    {
        await using var db = await file.Factory.OpenAsync(default);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT group_concat(v, ',') FROM (SELECT v FROM t ORDER BY rowid);";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Keeps what is posted to it and runs it one item at a time when the test says.</summary>
    private sealed class StepContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> queue = new();

        public int Queued => queue.Count;

        public override void Post(SendOrPostCallback d, object? state) => queue.Enqueue((d, state));

        public void RunNext()
        {
            var (callback, state) = queue.Dequeue();
            callback(state);
        }
    }
}
