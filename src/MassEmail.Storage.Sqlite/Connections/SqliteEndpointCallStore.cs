using Dapper;
using MassEmail.Core.Connections;

namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>
/// The <c>endpoint_calls</c> and <c>endpoint_locks</c> tables. A call's entry is one write transaction (the lock read,
/// expired buckets dropped, the live ones summed, the call counted only if every window has room), so instances on one
/// file decide by the database; a process killed before the answer leaves its call counted from its entry.
/// </summary>
internal sealed class SqliteEndpointCallStore(SqliteConnectionFactory connections) : IEndpointCallStore
{
    private const string Increment = """
        INSERT INTO endpoint_calls (connection_id, endpoint, period_ms, bucket_start, expires_at, calls)
        VALUES (@connectionId, @endpoint, @period, @start, @expiresAt, 1)
        ON CONFLICT (connection_id, endpoint, period_ms, bucket_start) DO UPDATE SET calls = endpoint_calls.calls + 1;
        """;

    public async Task<EndpointEntry> TryEnterAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset now, CancellationToken ct)
    {
        var nowMs = UnixMilliseconds.From(now);
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var key = new { connectionId, endpoint, now = nowMs };
        var lockedUntil = await write.Db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT locked_until FROM endpoint_locks WHERE connection_id = @connectionId AND endpoint = @endpoint;", key, write.Tx, cancellationToken: ct));
        if (lockedUntil is { } until && until > nowMs)
        {
            return new EndpointEntry(false, UnixMilliseconds.ToTime(until));
        }

        await write.Db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM endpoint_calls WHERE connection_id = @connectionId AND endpoint = @endpoint AND expires_at <= @now;", key, write.Tx, cancellationToken: ct));
        var buckets = (await write.Db.QueryAsync<Bucket>(new CommandDefinition(
            "SELECT period_ms AS Period, bucket_start AS Start, calls AS Calls FROM endpoint_calls WHERE connection_id = @connectionId AND endpoint = @endpoint;",
            key, write.Tx, cancellationToken: ct))).Select(b => (b.Period, UnixMilliseconds.ToTime(b.Start), b.Calls)).ToList();
        var retryAt = EndpointWindows.RoomAt(windows, buckets, now);
        if (retryAt > now)
        {
            return new EndpointEntry(false, retryAt);
        }

        foreach (var window in windows)
        {
            await write.Db.ExecuteAsync(new CommandDefinition(Increment, BucketOf(connectionId, endpoint, window, now), write.Tx, cancellationToken: ct));
        }

        await write.CommitAsync(ct);
        return new EndpointEntry(true, now);
    }

    public async Task AnsweredAsync(
        string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset enteredAt, DateTimeOffset answeredAt, CancellationToken ct)
    {
        var moved = windows.Where(w => EndpointWindows.BucketStart(w, enteredAt) != EndpointWindows.BucketStart(w, answeredAt)).ToList();
        if (moved.Count == 0)
        {
            return;
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        foreach (var window in moved)
        {
            await write.Db.ExecuteAsync(new CommandDefinition(Increment, BucketOf(connectionId, endpoint, window, answeredAt), write.Tx, cancellationToken: ct));
            await write.Db.ExecuteAsync(new CommandDefinition(
                """
                UPDATE endpoint_calls SET calls = calls - 1
                WHERE connection_id = @connectionId AND endpoint = @endpoint AND period_ms = @period AND bucket_start = @start AND calls > 0;
                """,
                BucketOf(connectionId, endpoint, window, enteredAt), write.Tx, cancellationToken: ct));
        }

        await write.CommitAsync(ct);
    }

    public async Task<DateTimeOffset> LockAsync(string connectionId, string endpoint, DateTimeOffset until, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var lockedUntil = await write.Db.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO endpoint_locks (connection_id, endpoint, locked_until) VALUES (@connectionId, @endpoint, @until)
            ON CONFLICT (connection_id, endpoint) DO UPDATE SET locked_until = max(endpoint_locks.locked_until, excluded.locked_until)
            RETURNING locked_until;
            """,
            new { connectionId, endpoint, until = UnixMilliseconds.From(until) }, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return UnixMilliseconds.ToTime(lockedUntil);
    }

    private static object BucketOf(string connectionId, string endpoint, CallWindow window, DateTimeOffset at)
    {
        var start = EndpointWindows.BucketStart(window, at);
        return new
        {
            connectionId,
            endpoint,
            period = EndpointWindows.PeriodMilliseconds(window),
            start = UnixMilliseconds.From(start),
            expiresAt = UnixMilliseconds.From(EndpointWindows.ExpiresAt(window, start)),
        };
    }

    private sealed class Bucket
    {
        public long Period { get; set; }

        public long Start { get; set; }

        public long Calls { get; set; }
    }
}
