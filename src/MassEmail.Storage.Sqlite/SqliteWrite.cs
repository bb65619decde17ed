using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The writers' connection inside an IMMEDIATE transaction that holds this process's write gate (see
/// <see cref="SqliteConnectionFactory.BeginWriteAsync"/>). Disposing rolls back unless committed and lets the
/// next writer in; the connection stays open for it, and a caller that handed the gate to a waiting writer goes on
/// after it (see <see cref="DisposeAsync"/>). A commit tells the checkpointer.
/// </summary>
internal sealed class SqliteWrite(SqliteConnection db, SqliteTransaction tx, PreparedStatements statements, SqliteConnectionFactory factory) : IAsyncDisposable
{
    public SqliteConnection Db => db;

    public SqliteTransaction Tx => tx;

    public Task CommitAsync(CancellationToken ct) => tx.CommitAsync(ct);

    /// <summary>
    /// <paramref name="sql"/> prepared once on the writers' connection and kept for the next writes: for the hot
    /// paths, whose SQL is a constant. Dispose it (reset, bindings cleared) before the write ends; one statement is
    /// not used twice at once.
    /// </summary>
    public SqliteStatement Prepared(string sql) => statements.Take(sql);

    public async ValueTask DisposeAsync()
    {
        // A committed transaction is done with its connection; one left open is rolled back here.
        var committed = tx.Connection is null;
        var broken = true;
        var handedOver = false;
        try
        {
            await tx.DisposeAsync();
            broken = false;
        }
        finally
        {
            handedOver = factory.EndWrite(committed, broken);
        }

        // The gate went to a waiting writer, whose code the pool queued on this thread, where it would wait behind this
        // caller's next work (a lane rendering its next rows: ~0.3 ms a hand-off, the gate idle ~30 % of a send,
        // measured). Yielding puts this caller at the back of the pool's shared queue and lets the writer in now.
        if (handedOver)
        {
            await Task.Yield();
        }
    }
}
