using MassEmail.Storage.Sqlite;
using MassEmail.Testing;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// The write-ahead log is copied into the database file by the factory's checkpointer after writes, not by the
/// writers' commits (their automatic checkpoint waits for ten times as many pages), and the log starts over once it
/// has been copied whole.
/// </summary>
public sealed class WalCheckpointerTests : IAsyncDisposable
{
    private const int Rows = 40;
    private const int RowBytes = 4000;

    private readonly SqliteFile file = new();

    private SqliteConnectionFactory Factory => file.Factory;

    [Fact]
    public async Task Writers_LeaveTheLogToTheCheckpointer_UpToTenTimesItsThreshold()
    {
        await using var db = await Factory.OpenAsync(default);
        await using var command = db.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        Assert.Equal((long)SqliteConnectionFactory.WriterCheckpointPages, await command.ExecuteScalarAsync());
        Assert.Equal(10 * WalCheckpointer.Pages, SqliteConnectionFactory.WriterCheckpointPages);
    }

    [Fact]
    public async Task Writes_CopiedIntoTheFileByTheCheckpointer_ThenTheLogStartsOver()
    {
        await file.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);");

        // More pages than the checkpointer's threshold, in many commits; each row fills a page of its own.
        var rows = 0L;
        while (rows < 3 * WalCheckpointer.Pages)
        {
            await WriteAsync();
            rows += Rows;
        }

        // Only a checkpoint puts pages into the file, and no writer runs one below its threshold: the file holding every
        // row, once a round that began after the last write is done, is the checkpointer's work. That round found the
        // log copied whole (nothing was written meanwhile).
        var whole = await RoundAfterAsync(Factory.Checkpointer.Signals);
        Assert.True(new FileInfo(Factory.FilePath).Length >= rows * RowBytes, $"{rows} rows of {RowBytes} bytes in the file after {whole}");
        Assert.Equal(whole.LogPages, whole.CopiedPages);

        // Copied whole, the log starts over at the next write: the round after one more write finds a log of that
        // write's pages, far fewer than the 3,000 and more written in all. No write while the rounds run, so the
        // length does not depend on how fast this machine writes against how often the checkpointer runs.
        await WriteAsync();
        var later = await RoundAfterAsync(Factory.Checkpointer.Signals);
        Assert.InRange(later.LogPages, 1, WalCheckpointer.Pages - 1);
    }

    /// <summary>The first round that began after <paramref name="signals"/> commits (so after the last of them).</summary>
    private Task<WalCheckpointer.Round> RoundAfterAsync(long signals) =>
        Progress.WaitAsync(
            () => Factory.Checkpointer.Last,
            last => last.Signals >= signals, last => last.Runs,
            last => $"no round after {signals} commits: checkpoints {last}");

    public ValueTask DisposeAsync() => file.DisposeAsync();

    private async Task WriteAsync()
    {
        await using SqliteWrite write = await Factory.BeginWriteAsync(default);
        await using SqliteCommand insert = write.Db.CreateCommand();
        insert.Transaction = write.Tx;
        insert.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows) INSERT INTO t (payload) SELECT randomblob($bytes) FROM n;";
        insert.Parameters.AddWithValue("$bytes", RowBytes);
        insert.Parameters.AddWithValue("$rows", Rows);
        await insert.ExecuteNonQueryAsync();
        await write.CommitAsync(default);
    }

}
