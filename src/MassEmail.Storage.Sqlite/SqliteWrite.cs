using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// A connection inside an IMMEDIATE transaction that holds this process's write gate (see
/// <see cref="SqliteConnectionFactory.BeginWriteAsync"/>). Disposing rolls back unless committed,
/// returns the connection to the pool and lets the next writer in.
/// </summary>
internal sealed class SqliteWrite(SqliteConnection db, SqliteTransaction tx, SemaphoreSlim gate) : IAsyncDisposable
{
    public SqliteConnection Db => db;

    public SqliteTransaction Tx => tx;

    public Task CommitAsync(CancellationToken ct) => tx.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await tx.DisposeAsync();
            await db.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    }
}
