using Dapper;
using MassEmail.Core.Syncs;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Syncs;

/// <summary>Sync runs: the lease on a definition's run and its "sync now" requests.</summary>
internal sealed partial class SqliteSyncDefinitionStore
{
    public async Task<SyncRunClaim?> ClaimRunAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        // One statement: SQLite runs writers one at a time, so two instances never hold the same run. A small table
        // (definitions, not records); each branch of the condition has its index.
        const string sql = $"""
            UPDATE sync_definitions SET run_holder = @holder, run_lease_until = @leaseUntil
            WHERE rowid = (
                SELECT rowid FROM sync_definitions
                WHERE (run_due_at <= @now OR run_requested_at <= @now) AND (run_lease_until IS NULL OR run_lease_until <= @now)
                ORDER BY MIN(COALESCE(run_due_at, run_requested_at), COALESCE(run_requested_at, run_due_at)) LIMIT 1)
            RETURNING {SyncDefinitionRow.Columns}, run_requested_full AS RunRequestedFull;
            """;
        // Read first: with nothing due (the usual answer, asked every idle delay by every instance) no write lock is
        // taken. The update decides all the same, so a race with another instance costs nothing.
        const string anyDue = """
            SELECT EXISTS (SELECT 1 FROM sync_definitions WHERE run_due_at <= @now AND (run_lease_until IS NULL OR run_lease_until <= @now))
                OR EXISTS (SELECT 1 FROM sync_definitions WHERE run_requested_at <= @now AND (run_lease_until IS NULL OR run_lease_until <= @now));
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        if (!await db.ExecuteScalarAsync<bool>(new CommandDefinition(anyDue, new { now = UnixMilliseconds.From(now) }, cancellationToken: ct)))
        {
            return null;
        }

        SyncDefinitionRow? row = await db.QuerySingleOrDefaultAsync<SyncDefinitionRow>(new CommandDefinition(sql, new
        {
            holder,
            now = UnixMilliseconds.From(now),
            leaseUntil = UnixMilliseconds.From(leaseUntil),
        }, cancellationToken: ct));
        return row is null ? null : new SyncRunClaim(
            row.ToDomain(), row.RunRequestedAt is { } at ? UnixMilliseconds.ToTime(at) : null, row.RunRequestedFull != 0);
    }

    public async Task<bool> SaveRunAsync(string orgId, string id, string holder, SyncStatus status, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        const string sql = """
            UPDATE sync_definitions SET status = @status, run_lease_until = @leaseUntil
            WHERE org_id = @orgId AND id = @id AND run_holder = @holder;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new
        {
            status = SyncDefinitionJson.Serialize(status),
            leaseUntil = UnixMilliseconds.From(leaseUntil),
            orgId,
            id,
            holder,
        }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> ReleaseRunAsync(
        string orgId, string id, string holder, SyncStatus status, DateTimeOffset? nextRunAt, DateTimeOffset? servedRequestsUpTo, CancellationToken ct)
    {
        // Every expression reads the row as it was: a request made after the served time stays, with its full flag.
        const string sql = """
            UPDATE sync_definitions SET status = @status, run_due_at = @next, run_holder = NULL, run_lease_until = NULL,
                run_requested_full = CASE WHEN run_requested_at <= @served THEN 0 ELSE run_requested_full END,
                run_requested_at = CASE WHEN run_requested_at <= @served THEN NULL ELSE run_requested_at END
            WHERE org_id = @orgId AND id = @id AND run_holder = @holder;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new
        {
            status = SyncDefinitionJson.Serialize(status),
            next = nextRunAt is { } n ? UnixMilliseconds.From(n) : (long?)null,
            served = servedRequestsUpTo is { } s ? UnixMilliseconds.From(s) : (long?)null,
            orgId,
            id,
            holder,
        }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> RequestRunAsync(string orgId, string id, bool full, DateTimeOffset at, CancellationToken ct)
    {
        // The latest request stands: a release forgets only requests up to the time its run started, so one made while
        // a run goes on is served by the next. A full one stays full until served.
        const string sql = """
            UPDATE sync_definitions SET run_requested_at = MAX(COALESCE(run_requested_at, @at), @at),
                run_requested_full = MAX(run_requested_full, @full)
            WHERE org_id = @orgId AND id = @id;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, new { at = UnixMilliseconds.From(at), full = full ? 1 : 0, orgId, id }, cancellationToken: ct)) > 0;
    }
}
