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

    /// <summary>
    /// The gated writers' connection, opened at the first write and kept (outside the pool): its statements stay
    /// prepared from one write to the next (<see cref="statements"/>). Used by one writer at a time, under the gate.
    /// </summary>
    private readonly string writerConnectionString;
    private readonly PreparedStatements statements = new();
    private SqliteConnection? writer;
    private bool closed;

    public SqliteConnectionFactory(IOptions<SqliteStoreOptions> options, ILogger<SqliteConnectionFactory>? logger = null)
    {
        SqliteLibrary.Configure();
        SqliteStoreOptions o = options.Value;
        FilePath = System.IO.Path.GetFullPath(o.Path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        writerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

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
        try
        {
            ObjectDisposedException.ThrowIf(closed, this);
            writer ??= await OpenAsync(writerConnectionString, ct);
            return new SqliteWrite(writer, writer.BeginTransaction(deferred: false), writeGate, Checkpointer, statements);
        }
        catch
        {
            writeGate.Release();
            throw;
        }
    }

    public Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenAsync(connectionString, ct);

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
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

    /// <summary>Stops the checkpointer, then closes the writers' connection with its prepared statements.</summary>
    public async ValueTask DisposeAsync()
    {
        await Checkpointer.DisposeAsync();
        await writeGate.WaitAsync();
        CloseWriter();
    }

    public void Dispose()
    {
        Checkpointer.Dispose();
        writeGate.Wait();
        CloseWriter();
    }

    /// <summary>Closes the writers' connection; called holding the gate, which it lets go (a later write is refused).</summary>
    private void CloseWriter()
    {
        try
        {
            if (!closed)
            {
                closed = true;
                statements.Dispose();
                writer?.Dispose();
                writer = null;
            }
        }
        finally
        {
            writeGate.Release();
        }
    }
}
