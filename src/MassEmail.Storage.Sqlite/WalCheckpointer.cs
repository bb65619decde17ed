using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file beside the writers rather than inside them. SQLite's automatic
/// checkpoint runs in the commit that crosses its threshold, so one writer, holding the write gate, copied the pages:
/// after a long read (a large send's snapshot streams its audience in one statement) the log had grown to hundreds of
/// megabytes, and every writer of the process stood still for a second and more while one commit copied them. Here a
/// background loop copies the log after writes (a PASSIVE checkpoint: writers and readers go on meanwhile), then copies
/// the few pages written during that copy inside the write gate, so that the next writer can start the log over.
/// The writers' own automatic checkpoint stays, at ten times the threshold here, for the writes that do not go through
/// the gate and so do not wake this loop (<see cref="SqliteConnectionFactory.WriterCheckpointPages"/>).
/// </summary>
internal sealed partial class WalCheckpointer : IAsyncDisposable, IDisposable
{
    /// <summary>Pages in the log worth the write gate's tail copy (SQLite's own automatic threshold).</summary>
    public const int Pages = 1000;

    /// <summary>Rounds are this far apart at least: the writes of a busy moment are copied together.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private readonly SqliteConnectionFactory connections;
    private readonly ILogger logger;
    private readonly SemaphoreSlim written = new(0, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock starting = new();
    private Task? loop;
    private long signals;

    public WalCheckpointer(SqliteConnectionFactory connections, ILogger logger)
    {
        this.connections = connections;
        this.logger = logger;
    }

    /// <summary>The last round: rounds run so far, pages in the log and pages copied from it (one object, never torn).</summary>
    public Round Last { get; private set; } = new(0, 0, 0, 0);

    /// <summary>Commits signalled so far (<see cref="Written"/>); a round records how many it had seen when it began.</summary>
    public long Signals => Interlocked.Read(ref signals);

    /// <summary>A write committed: the log has pages to copy.</summary>
    public void Written()
    {
        Interlocked.Increment(ref signals);
        if (loop is null)
        {
            lock (starting)
            {
                loop ??= Task.Run(() => RunAsync(stopping.Token));
            }
        }

        if (written.CurrentCount == 0)
        {
            try
            {
                written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Signalled by another writer meanwhile: one round copies both.
            }
        }
    }

    /// <summary>Stops the loop without waiting for a round that is running (it ends at its next await).</summary>
    public void Dispose() => stopping.Cancel();

    /// <summary>
    /// Stops the loop and waits for its round. The semaphore and the token source stay usable (they hold no handle):
    /// a writer finishing while the store shuts down may still signal.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await written.WaitAsync(ct);
                var seen = Signals;
                var (log, copied) = await CheckpointAsync(gated: false, ct);

                // Pages written during the copy are left: copied inside the gate, since a log starts over only once
                // it is copied whole. Not for a small log, which SQLite reuses anyway, nor while a reader's snapshot
                // holds the rest back (nothing to gain from the gate then; the next round tries again).
                if (log >= Pages && copied < log && log - copied < Pages)
                {
                    (log, copied) = await CheckpointAsync(gated: true, ct);
                }

                Last = new Round(Last.Runs + 1, log, copied, seen);

                // Writes meanwhile are copied together in the next round.
                await Task.Delay(Coalesce, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Another process's checkpoint running is no error (SQLite answers it as busy); anything else is
                // reported, and the next write tries again. Writers go on meanwhile: the log only grows.
                LogFailed(logger, e, connections.FilePath);
            }
        }
    }

    private async Task<(long Log, long Copied)> CheckpointAsync(bool gated, CancellationToken ct)
    {
        // Inside the gate no writer of this process adds pages meanwhile. The checkpoint itself runs on a connection of
        // its own: SQLite refuses one on a connection inside a transaction.
        await using SqliteWrite? gate = gated ? await connections.BeginWriteAsync(ct) : null;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using SqliteCommand command = db.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not copy the write-ahead log of {Path} into the file; the next write tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);

    /// <summary>
    /// A round's result: rounds run so far, pages in the log and pages copied from it, and the commits signalled before
    /// it began (every write up to that one was in the log it copied).
    /// </summary>
    internal sealed record Round(long Runs, long LogPages, long CopiedPages, long Signals);
}
