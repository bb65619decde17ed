using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// A connection inside an IMMEDIATE transaction that holds this process's write gate (see
/// <see cref="SqliteConnectionFactory.BeginWriteAsync"/>). Disposing rolls back unless committed,
/// returns the connection to the pool and lets the next writer in; a commit tells the checkpointer.
/// </summary>
internal sealed class SqliteWrite(SqliteConnection db, SqliteTransaction tx, SemaphoreSlim gate, WalCheckpointer checkpointer) : IAsyncDisposable
{
    public SqliteConnection Db => db;

    public SqliteTransaction Tx => tx;

    public Task CommitAsync(CancellationToken ct) => tx.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        // A committed transaction is done with its connection; one left open is rolled back below.
        var committed = tx.Connection is null;
        try
        {
            await tx.DisposeAsync();
            await db.DisposeAsync();
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
