using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace MassEmail.Storage.Sqlite;

/// <summary>Opens pooled connections to the store's file with the per-connection settings applied.</summary>
internal sealed class SqliteConnectionFactory : IAsyncDisposable, IDisposable
{
    /// <summary>Native connections that already have <see cref="pragmas"/> (pooled connections are reused).</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    /// <summary>Pages in the log at which a writer's commit copies it (SQLite's automatic checkpoint).</summary>
    public const int WriterCheckpointPages = 10 * WalCheckpointer.Pages;

    private readonly string connectionString;
    private readonly string pragmas;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public SqliteConnectionFactory(IOptions<SqliteStoreOptions> options, ILogger<SqliteConnectionFactory>? logger = null)
    {
        SqliteStoreOptions o = options.Value;
        FilePath = System.IO.Path.GetFullPath(o.Path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();

        // busy_timeout, synchronous and foreign_keys are per connection, not stored in the file, and a
        // pooled connection keeps them: they are set once per native connection, not at every open
        // (parsing them cost a noticeable share of a point read; `ForeignKeys = true` in the connection
        // string would run its PRAGMA at every open too). NORMAL is durable in WAL mode except for the last
        // transactions before a power loss, and avoids an fsync per commit. The log is copied into the file by the
        // Checkpointer after the gated writes; a writer's own commit copies it only past ten times the Checkpointer's
        // threshold (writes outside the gate do not wake it).
        pragmas = $"PRAGMA busy_timeout = {o.BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
            $"PRAGMA wal_autocheckpoint = {WriterCheckpointPages};";
        Checkpointer = new WalCheckpointer(this, logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Copies the write-ahead log into the file after writes (see <see cref="WalCheckpointer"/>).</summary>
    public WalCheckpointer Checkpointer { get; }

    /// <summary>
    /// A connection inside an IMMEDIATE transaction, begun once this process's other gated writers are
    /// done. SQLite makes a writer that finds the lock taken poll for it with growing sleeps (1, 2, 5,
    /// 10 ms…), so the snapshot appending beside the batches' claims and outcomes lost milliseconds at
    /// every collision; waiting here wakes the moment the writer before is done. Writers in other
    /// processes still meet SQLite's busy timeout. Never nest two of these: the gate is not re-entrant.
    /// </summary>
    public async Task<SqliteWrite> BeginWriteAsync(CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        SqliteConnection? db = null;
        try
        {
            db = await OpenAsync(ct);
            return new SqliteWrite(db, db.BeginTransaction(deferred: false), writeGate, Checkpointer);
        }
        catch
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }

            writeGate.Release();
            throw;
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var handle = connection.Handle!;
            if (!Configured.TryGetValue(handle, out _))
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(ct);
                Configured.AddOrUpdate(handle, Marker);
            }

            // Functions are not kept: the pool unregisters them when the connection goes back.
            SqliteFunctions.Register(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Checkpointer.DisposeAsync();

    public void Dispose() => Checkpointer.Dispose();
}
