using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The writers' connection inside an IMMEDIATE transaction that holds this process's write gate (see
/// <see cref="SqliteConnectionFactory.BeginWriteAsync"/>). Disposing rolls back unless committed and lets the next
/// writer in (the connection stays open for it); a commit tells the checkpointer.
/// </summary>
internal sealed class SqliteWrite(SqliteConnection db, SqliteTransaction tx, SemaphoreSlim gate, WalCheckpointer checkpointer, PreparedStatements statements)
    : IAsyncDisposable
{
    public SqliteConnection Db => db;

    public SqliteTransaction Tx => tx;

    public Task CommitAsync(CancellationToken ct) => tx.CommitAsync(ct);

    /// <summary>
    /// <paramref name="sql"/> (a constant) prepared on the writers' connection, kept prepared for the next write:
    /// the statements a write runs for every row or batch (see <see cref="PreparedStatements"/>).
    /// </summary>
    public SqliteStatement Prepared(string sql) => statements.Get(db, sql);

    public async ValueTask DisposeAsync()
    {
        // A committed transaction is done with its connection; one left open is rolled back below.
        var committed = tx.Connection is null;
        try
        {
            await tx.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }

        if (committed)
        {
            checkpointer.Written();
        }
    }
}
