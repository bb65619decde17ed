using System.Text;
using Dapper;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>deliveries</c> table. Every write is one IMMEDIATE transaction (atomic under SQLite's
/// write lock) that also adjusts the send's <c>delivery_counts</c>.
/// </summary>
internal sealed class SqliteDeliveryStore(SqliteConnectionFactory connections) : IDeliveryStore
{
    private const int Claimed = (int)DeliveryState.Claimed;
    private const int Pending = (int)DeliveryState.Pending;

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT OR IGNORE INTO deliveries (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at)
            VALUES ($id, $org_id, $send_id, $record_id, $email, $state, $skip, $attempts, $claimed_by, $lease_until, $message_id, $error, $updated_at);
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        using var insert = new PreparedStatement(
            db, tx, sql, "$id", "$org_id", "$send_id", "$record_id", "$email", "$state", "$skip", "$attempts", "$claimed_by", "$lease_until", "$message_id", "$error", "$updated_at");
        var added = new List<Delivery>(rows.Count);
        foreach (var d in rows)
        {
            if (insert.Execute(d.Id, d.OrgId, d.SendId, d.RecordId, d.Email, (long)d.State, (long)d.Skip, (long)d.Attempts, d.ClaimedBy,
                UnixMilliseconds.From(d.LeaseUntil), d.MessageId, d.Error, UnixMilliseconds.From(d.UpdatedAt)) > 0)
            {
                added.Add(d);
            }
        }

        foreach (var send in added.GroupBy(d => (d.OrgId, d.SendId)))
        {
            await DeliveryCountsTable.SeedAsync(db, tx, send.Key.OrgId, send.Key.SendId, ct);
            await DeliveryCountsTable.AddAsync(db, tx, send.Key.SendId, send.GroupBy(d => d.State).Select(g => (g.Key, (long)g.Count())), ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<Delivery>> ClaimAsync(string sendId, string worker, int limit, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var sql = $"""
            UPDATE deliveries SET state = {Claimed}, claimed_by = @worker, lease_until = @leaseUntil
            WHERE id IN (SELECT id FROM deliveries WHERE send_id = @sendId AND state = {Pending} ORDER BY id LIMIT @limit)
            RETURNING {DeliveryRow.Columns};
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        List<DeliveryRow> rows = [.. await db.QueryAsync<DeliveryRow>(new CommandDefinition(
            sql, new { sendId, worker, limit, leaseUntil = UnixMilliseconds.From(leaseUntil) }, tx, cancellationToken: ct))];
        await DeliveryCountsTable.MoveAsync(db, tx, sendId, DeliveryState.Pending, DeliveryState.Claimed, rows.Count, ct);
        await tx.CommitAsync(ct);
        return [.. rows.Select(r => r.ToDomain()).OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<int> CompleteAsync(string sendId, string worker, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        var sql = $"""
            UPDATE deliveries SET state = $state, skip = $skip, attempts = $attempts, message_id = $message_id, error = $error,
                claimed_by = NULL, lease_until = NULL, updated_at = $at
            WHERE id = $id AND send_id = $send_id AND state = {Claimed} AND claimed_by = $worker;
            """;
        object atMs = UnixMilliseconds.From(at);
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        using var update = new PreparedStatement(db, tx, sql, "$state", "$skip", "$attempts", "$message_id", "$error", "$at", "$id", "$send_id", "$worker");
        var changed = new Dictionary<DeliveryState, long>();
        foreach (var o in outcomes)
        {
            if (update.Execute((long)o.State, (long)o.Skip, (long)o.Attempts, o.MessageId, o.Error, atMs, o.DeliveryId, sendId, worker) > 0)
            {
                changed[o.State] = changed.GetValueOrDefault(o.State) + 1;
                changed[DeliveryState.Claimed] = changed.GetValueOrDefault(DeliveryState.Claimed) - 1;
            }
        }

        await DeliveryCountsTable.AddAsync(db, tx, sendId, changed.Select(c => (c.Key, c.Value)), ct);
        await tx.CommitAsync(ct);
        return (int)-changed.GetValueOrDefault(DeliveryState.Claimed);
    }

    public async Task<int> ReleaseAsync(string sendId, string worker, IReadOnlyList<string> deliveryIds, CancellationToken ct)
    {
        var sql = $"""
            UPDATE deliveries SET state = {Pending}, claimed_by = NULL, lease_until = NULL
            WHERE id IN (SELECT value FROM json_each(@ids)) AND send_id = @sendId AND state = {Claimed} AND claimed_by = @worker;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        var released = await db.ExecuteAsync(new CommandDefinition(
            sql, new { sendId, worker, ids = System.Text.Json.JsonSerializer.Serialize(deliveryIds) }, tx, cancellationToken: ct));
        await DeliveryCountsTable.MoveAsync(db, tx, sendId, DeliveryState.Claimed, DeliveryState.Pending, released, ct);
        await tx.CommitAsync(ct);
        return released;
    }

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var sql = $"""
            UPDATE deliveries SET state = {(int)DeliveryState.Unknown}, claimed_by = NULL, lease_until = NULL, updated_at = @now
            WHERE state = {Claimed} AND lease_until < @now
            RETURNING send_id;
            """;
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        List<string> sends = [.. await db.QueryAsync<string>(new CommandDefinition(sql, new { now = UnixMilliseconds.From(now) }, tx, cancellationToken: ct))];
        foreach (var send in sends.GroupBy(id => id, StringComparer.Ordinal))
        {
            await DeliveryCountsTable.MoveAsync(db, tx, send.Key, DeliveryState.Claimed, DeliveryState.Unknown, send.Count(), ct);
        }

        await tx.CommitAsync(ct);
        return sends.Count;
    }

    public async Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long State, long Count)>(new CommandDefinition(
            "SELECT state, n FROM delivery_counts WHERE send_id = @sendId AND org_id = @orgId;", new { orgId, sendId }, cancellationToken: ct));
        var by = rows.ToDictionary(r => (DeliveryState)r.State, r => r.Count);
        long Get(DeliveryState s) => by.GetValueOrDefault(s);
        return new DeliveryCounts(Get(DeliveryState.Pending), Get(DeliveryState.Claimed), Get(DeliveryState.Sent), Get(DeliveryState.Failed),
            Get(DeliveryState.Skipped), Get(DeliveryState.Unknown));
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(
        string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {DeliveryRow.Columns} FROM deliveries WHERE send_id = @sendId AND org_id = @orgId");
        sql.Append(state is null ? "" : " AND state = @state");
        sql.Append(skip is null ? "" : " AND skip = @skip");
        sql.Append(afterId is null ? "" : " AND id > @afterId");
        sql.Append(" ORDER BY id LIMIT @limit;");
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<DeliveryRow>(new CommandDefinition(
            sql.ToString(), new { orgId, sendId, state = (long?)state, skip = (long?)skip, afterId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct)
    {
        var sql = $"UPDATE deliveries SET state = {Pending}, error = '' WHERE send_id = @sendId AND org_id = @orgId AND state = {(int)DeliveryState.Unknown};";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        await using var tx = db.BeginTransaction(deferred: false);
        var requeued = await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, sendId }, tx, cancellationToken: ct));
        await DeliveryCountsTable.MoveAsync(db, tx, sendId, DeliveryState.Unknown, DeliveryState.Pending, requeued, ct);
        await tx.CommitAsync(ct);
        return requeued;
    }
}
