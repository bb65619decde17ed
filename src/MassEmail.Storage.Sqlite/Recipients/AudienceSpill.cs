using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Sqlite.Recipients.Criteria;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;

namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>
/// An audience query (<see cref="AudienceSql.Members"/>) read to its end at once, on a thread of its own, into a
/// temporary file beside the database, and handed out from there at the consumer's pace.
/// </summary>
/// <remarks>
/// A statement holds its read snapshot until it is done, and while any reader holds one SQLite cannot copy the pages
/// written after it into the file, so the write-ahead log only grows. Read at the pace of a send's snapshot (which
/// appends each thousand members beside the sending batches' writes), a million members kept the statement open for
/// 13 s: the log grew to ~650 MB, every page lookup searched it, and copying it at the end stopped the writers for
/// 1.5 s. Read ahead, the statement is done in a few seconds and the log starts over as usual. It is still one
/// statement, so one snapshot: a member's duplicates are judged on the records as they all were at one moment.
/// The file holds each member's columns as UTF-8, about 150 bytes a member; it is unlinked as soon as it is open
/// (where the system allows it), so nothing is left behind by a crash, and closed when the stream is done.
/// </remarks>
internal sealed class AudienceSpill : IAsyncDisposable
{
    /// <summary>Members per chunk: the consumer gets the first members once this many are read.</summary>
    public const int ChunkMembers = 1000;

    private readonly SafeFileHandle file;
    private readonly Channel<(long Offset, int Length)> chunks =
        Channel.CreateUnbounded<(long Offset, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource stop = new();

    private AudienceSpill(SqliteConnection db, SafeFileHandle file, string sql, SqlParameterBag bag)
    {
        this.file = file;
        Read = Task.Factory.StartNew(() => ReadAll(db, sql, bag), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Done once the statement is read to its end, failed or was stopped; its connection is back in the pool then. Never faults.</summary>
    public Task Read { get; }

    /// <summary>Starts reading <paramref name="sql"/> (the members query) with <paramref name="bag"/> bound, on a pooled connection.</summary>
    public static async Task<AudienceSpill> StartAsync(SqliteConnectionFactory connections, string sql, SqlParameterBag bag, CancellationToken ct)
    {
        SqliteConnection db = await connections.OpenAsync(ct);
        try
        {
            var path = $"{connections.FilePath}-audience-{Guid.NewGuid():N}.tmp";
            var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, FileOptions.DeleteOnClose);
            try
            {
                // The open handle keeps the data; where unlinking an open file is refused, DeleteOnClose removes it.
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return new AudienceSpill(db, file, sql, bag);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>The members in the statement's order; a failure of the read is thrown here.</summary>
    public async IAsyncEnumerable<AudienceMember> MembersAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = Array.Empty<byte>();
        var members = new List<AudienceMember>(ChunkMembers);
        await foreach (var (offset, length) in chunks.Reader.ReadAllAsync(ct))
        {
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            for (var read = 0; read < length;)
            {
                read += RandomAccess.Read(file, buffer.AsSpan(read, length - read), offset + read);
            }

            members.Clear();
            Parse(buffer.AsSpan(0, length), members);
            foreach (AudienceMember member in members)
            {
                ct.ThrowIfCancellationRequested();
                yield return member;
            }
        }
    }

    /// <summary>Stops the read if it is still going, waits for it (its connection goes back) and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Read;
        file.Dispose();
        stop.Dispose();
    }

    private void ReadAll(SqliteConnection db, string sql, SqlParameterBag bag)
    {
        try
        {
            using (db)
            using (var rows = new SqliteStatement(db, sql))
            {
                bag.BindTo(rows);
                var chunk = new ArrayBufferWriter<byte>(256 * ChunkMembers);
                long offset = 0;
                var count = 0;
                while (rows.Step())
                {
                    stop.Token.ThrowIfCancellationRequested();
                    Write(chunk, rows);
                    if (++count == ChunkMembers)
                    {
                        offset = Flush(chunk, offset);
                        count = 0;
                    }
                }

                Flush(chunk, offset);
            }

            chunks.Writer.Complete();
        }
        catch (Exception e)
        {
            chunks.Writer.Complete(e);
        }
    }

    private long Flush(ArrayBufferWriter<byte> chunk, long offset)
    {
        if (chunk.WrittenCount == 0)
        {
            return offset;
        }

        RandomAccess.Write(file, chunk.WrittenSpan, offset);
        chunks.Writer.TryWrite((offset, chunk.WrittenCount));
        offset += chunk.WrittenCount;
        chunk.ResetWrittenCount();
        return offset;
    }

    /// <summary>One member: each text column (<see cref="AudienceMemberRow.TextColumns"/>) as its length (-1 for NULL) and its UTF-8 bytes, then the skip reason.</summary>
    private static void Write(ArrayBufferWriter<byte> chunk, SqliteStatement row)
    {
        for (var column = 0; column < AudienceMemberRow.TextColumns; column++)
        {
            var isNull = row.IsNull(column);
            ReadOnlySpan<byte> text = isNull ? [] : row.GetUtf8(column);
            var span = chunk.GetSpan(4 + text.Length);
            BinaryPrimitives.WriteInt32LittleEndian(span, isNull ? -1 : text.Length);
            text.CopyTo(span[4..]);
            chunk.Advance(4 + text.Length);
        }

        BinaryPrimitives.WriteInt32LittleEndian(chunk.GetSpan(4), (int)row.GetInt64(AudienceMemberRow.TextColumns));
        chunk.Advance(4);
    }

    private static void Parse(ReadOnlySpan<byte> chunk, List<AudienceMember> members)
    {
        var texts = new string?[AudienceMemberRow.TextColumns];
        while (!chunk.IsEmpty)
        {
            for (var column = 0; column < AudienceMemberRow.TextColumns; column++)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(chunk);
                chunk = chunk[4..];
                texts[column] = length < 0 ? null : Encoding.UTF8.GetString(chunk[..length]);
                chunk = chunk[Math.Max(0, length)..];
            }

            var skip = (SkipReason)BinaryPrimitives.ReadInt32LittleEndian(chunk);
            chunk = chunk[4..];

            members.Add(AudienceMemberRow.From(texts, skip));
        }
    }
}
