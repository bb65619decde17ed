using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace MassEmail.Storage.Sqlite;

/// <summary>Opens connections to the store's file with the per-connection settings applied: pooled ones, and the gated writers' own.</summary>
internal sealed class SqliteConnectionFactory : IAsyncDisposable, IDisposable
{
    /// <summary>Native connections that already have <see cref="pragmas"/> (pooled connections are reused).</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    /// <summary>How long disposal waits for a write in progress before it leaves the writers' connection open.</summary>
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    /// <summary>Pages in the log at which a writer's commit copies it (SQLite's automatic checkpoint).</summary>
    public const int WriterCheckpointPages = 10 * WalCheckpointer.Pages;

    private readonly string connectionString;
    private readonly string writerConnectionString;
    private readonly string pragmas;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    /// <summary>The gated writers' connection and its statements, opened at the first write; used only inside the gate.</summary>
    private (SqliteConnection Db, PreparedStatements Statements)? writer;

    /// <summary>The write holding the gate: who, when it asked and when it got in (for <see cref="SqliteTelemetry"/>).</summary>
    private (string Writer, long Asked, long Entered) holder;

    /// <summary>Writers waiting for the gate (see <see cref="EndWrite"/>).</summary>
    private int waiting;

    private bool disposed;

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

        // The writers' connection is kept by this factory, not by the pool: the pool would unregister its functions and
        // let its prepared statements go at every return.
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
    /// The writers' connection inside an IMMEDIATE transaction, begun once this process's other gated writers are
    /// done. SQLite makes a writer that finds the lock taken poll for it with growing sleeps (1, 2, 5,
    /// 10 ms…), so the snapshot appending beside the batches' claims and outcomes lost milliseconds at
    /// every collision; waiting here wakes the moment the writer before is done. Writers in other
    /// processes still meet SQLite's busy timeout. Never nest two of these: the gate is not re-entrant.
    /// The gated writers share one connection, kept open with its prepared statements
    /// (<see cref="SqliteWrite.Prepared"/>): preparing a hot path's statements again at every write cost more than
    /// the rows it wrote (measured). The time each write waited for the gate and held it is counted by its caller's
    /// type and method (<see cref="SqliteTelemetry"/>).
    /// </summary>
    public async Task<SqliteWrite> BeginWriteAsync(
        CancellationToken ct, [CallerFilePath] string callerFile = "", [CallerMemberName] string callerMember = "")
    {
        var asked = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref waiting);
        try
        {
            await writeGate.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        holder = (WriterName(callerFile, callerMember), asked, Stopwatch.GetTimestamp());
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            writer ??= await OpenWriterAsync(ct);
            var (db, statements) = writer.Value;
            return new SqliteWrite(db, db.BeginTransaction(deferred: false), statements, this);
        }
        catch
        {
            writeGate.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a gated write (called by <see cref="SqliteWrite"/>): lets the next writer in. True when a writer was waiting:
    /// its code goes on from this thread's own queue of the thread pool, behind whatever its caller does next, so the
    /// caller should yield this thread first (<see cref="SqliteWrite.DisposeAsync"/>).
    /// </summary>
    internal bool EndWrite(bool committed, bool broken)
    {
        var handedOver = false;
        try
        {
            // A connection whose rollback failed is in a state no later write should meet: the next write opens another.
            if (broken)
            {
                CloseWriter();
            }
        }
        finally
        {
            var (who, asked, entered) = holder;
            handedOver = Volatile.Read(ref waiting) > 0;
            writeGate.Release();
            SqliteTelemetry.Written(who, asked, entered, Stopwatch.GetTimestamp());
        }

        if (committed)
        {
            Checkpointer.Written();
        }

        return handedOver;
    }

    /// <summary>The caller's type (its file's name) and method: a label of a few dozen values, the store's methods.</summary>
    private static string WriterName(string file, string member) =>
        $"{System.IO.Path.GetFileNameWithoutExtension(file.AsSpan())}.{member}";

    private async Task<(SqliteConnection, PreparedStatements)> OpenWriterAsync(CancellationToken ct)
    {
        var db = await OpenAsync(writerConnectionString, ct);
        return (db, new PreparedStatements(db));
    }

    private void CloseWriter()
    {
        if (writer is var (db, statements))
        {
            writer = null;
            statements.Dispose();
            db.Dispose();
        }
    }

    /// <summary>A pooled connection with the store's settings and functions.</summary>
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

    /// <summary>
    /// Stops the checkpointer, then closes the writers' connection once the write in progress, if any, is done. A write
    /// that does not end within <see cref="DisposeWait"/> (a bug: every write is disposed) leaves the connection open
    /// rather than the shutdown hanging: it is never closed under a writer.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Checkpointer.DisposeAsync();
        CloseWriterAtDisposal(await writeGate.WaitAsync(DisposeWait));
    }

    public void Dispose()
    {
        Checkpointer.Dispose();
        CloseWriterAtDisposal(writeGate.Wait(DisposeWait));
    }

    private void CloseWriterAtDisposal(bool gated)
    {
        disposed = true;
        if (!gated)
        {
            return;
        }

        try
        {
            CloseWriter();
        }
        finally
        {
            writeGate.Release();
        }
    }
}
