using Dapper;
using MassEmail.Core.Syncs;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.OptOuts;

/// <summary>
/// The <c>opt_out_polls</c> table: each write is one conditional statement (claimed only when due, the cursor stored
/// and the lease released only by its holder), so instances on one file decide by the database and a process killed
/// anywhere leaves the old cursor or the new one.
/// </summary>
internal sealed class SqliteOptOutPollStore(SqliteConnectionFactory connections) : IOptOutPollStore
{
    private const string Key = "org_id = @orgId AND connection_id = @connectionId AND remote_list_id = @remoteListId";

    public async Task<OptOutPollClaim?> TryClaimAsync(
        string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO opt_out_polls (org_id, connection_id, remote_list_id, holder, next_at) VALUES (@orgId, @connectionId, @remoteListId, @holder, @leaseUntil)
            ON CONFLICT (org_id, connection_id, remote_list_id) DO UPDATE SET holder = excluded.holder, next_at = excluded.next_at
            WHERE opt_out_polls.next_at IS NULL OR opt_out_polls.next_at <= @now
            RETURNING cursor AS Cursor;
            """;
        // Read first: a poll that is not due (the usual answer, asked every idle delay by every instance) takes no
        // write lock. The write decides all the same, so a race with another instance costs nothing.
        await using (SqliteConnection db = await connections.OpenAsync(ct))
        {
            var nextAt = await db.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                $"SELECT next_at FROM opt_out_polls WHERE {Key};", new { orgId, connectionId, remoteListId }, cancellationToken: ct));
            if (nextAt > UnixMilliseconds.From(now))
            {
                return null;
            }
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var rows = (await write.Db.QueryAsync<CursorRow>(new CommandDefinition(
            sql,
            new { orgId, connectionId, remoteListId, holder, now = UnixMilliseconds.From(now), leaseUntil = UnixMilliseconds.From(leaseUntil) },
            write.Tx,
            cancellationToken: ct))).ToList();
        await write.CommitAsync(ct);
        return rows.Count == 0 ? null : new OptOutPollClaim(rows[0].Cursor);
    }

    public async Task<bool> SaveCursorAsync(
        string orgId, string connectionId, string remoteListId, string holder, string cursor, DateTimeOffset leaseUntil, CancellationToken ct) =>
        await WriteAsync(
            $"UPDATE opt_out_polls SET cursor = @cursor, next_at = @leaseUntil WHERE {Key} AND holder = @holder;",
            new { orgId, connectionId, remoteListId, holder, cursor, leaseUntil = UnixMilliseconds.From(leaseUntil) },
            ct);

    public Task ReleaseAsync(string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset nextAt, CancellationToken ct) => WriteAsync(
        $"UPDATE opt_out_polls SET holder = NULL, next_at = @nextAt WHERE {Key} AND holder = @holder;",
        new { orgId, connectionId, remoteListId, holder, nextAt = UnixMilliseconds.From(nextAt) },
        ct);

    private async Task<bool> WriteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var changed = await write.Db.ExecuteAsync(new CommandDefinition(sql, parameters, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return changed > 0;
    }

    private sealed class CursorRow
    {
        public string? Cursor { get; set; }
    }
}
