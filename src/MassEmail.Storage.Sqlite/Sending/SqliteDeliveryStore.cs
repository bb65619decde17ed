using System.Text;
using Dapper;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>deliveries</c> table. Every write is one IMMEDIATE transaction (atomic under SQLite's
/// write lock, entered through the process's write gate) that also adjusts the send's <c>delivery_counts</c>.
/// </summary>
internal sealed class SqliteDeliveryStore(SqliteConnectionFactory connections) : IDeliveryStore
{
    private const int Claimed = DeliverySql.Claimed;
    private const int Pending = DeliverySql.Pending;

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        var added = new List<Delivery>(rows.Count);
        using (var insert = new SqliteStatement(db, DeliverySql.Append))
        {
            foreach (var d in rows)
            {
                insert.Bind(1, d.Id);
                insert.Bind(2, d.OrgId);
                insert.Bind(3, d.SendId);
                insert.Bind(4, d.RecordId);
                insert.Bind(5, d.Email);
                insert.Bind(6, (long)d.State);
                insert.Bind(7, (long)d.Skip);
                insert.Bind(8, d.Attempts);
                insert.Bind(9, d.ClaimedBy);
                insert.Bind(10, UnixMilliseconds.From(d.LeaseUntil));
                insert.Bind(11, d.MessageId);
                insert.Bind(12, d.Error);
                insert.Bind(13, UnixMilliseconds.From(d.UpdatedAt));
                insert.Step();
                if (insert.Changes > 0)
                {
                    added.Add(d);
                }

                insert.Reset();
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
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        var claimed = new List<Delivery>(limit);
        using (var claim = new SqliteStatement(db, DeliverySql.Claim))
        {
            claim.Bind(1, sendId);
            claim.Bind(2, worker);
            claim.Bind(3, UnixMilliseconds.From(leaseUntil));
            claim.Bind(4, limit);
            while (claim.Step())
            {
                claimed.Add(new Delivery(
                    claim.GetString(0), claim.GetString(1), sendId, claim.GetString(2), claim.GetString(3), DeliveryState.Claimed,
                    (SkipReason)claim.GetInt64(4), (int)claim.GetInt64(5), worker, leaseUntil, "", "", UnixMilliseconds.ToTime(claim.GetInt64(6))));
            }
        }

        await DeliveryCountsTable.MoveAsync(db, tx, sendId, DeliveryState.Pending, DeliveryState.Claimed, claimed.Count, ct);
        await tx.CommitAsync(ct);
        claimed.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return claimed;
    }

    public async Task<int> CompleteAsync(string sendId, string worker, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        var changed = new Dictionary<DeliveryState, long>();
        using (var update = new SqliteStatement(db, DeliverySql.Complete))
        {
            update.Bind(1, sendId);
            update.Bind(3, worker);
            update.Bind(9, UnixMilliseconds.From(at));
            foreach (var o in outcomes)
            {
                update.Bind(2, o.DeliveryId);
                update.Bind(4, (long)o.State);
                update.Bind(5, (long)o.Skip);
                update.Bind(6, o.Attempts);
                update.Bind(7, o.MessageId);
                update.Bind(8, o.Error);
                update.Step();
                if (update.Changes > 0)
                {
                    changed[o.State] = changed.GetValueOrDefault(o.State) + 1;
                    changed[DeliveryState.Claimed] = changed.GetValueOrDefault(DeliveryState.Claimed) - 1;
                }

                update.Reset();
            }
        }

        await DeliveryCountsTable.AddAsync(db, tx, sendId, changed.Select(c => (c.Key, c.Value)), ct);
        await tx.CommitAsync(ct);
        return (int)-changed.GetValueOrDefault(DeliveryState.Claimed);
    }

    public async Task<int> ReleaseAsync(string sendId, string worker, IReadOnlyList<string> deliveryIds, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        var released = 0;
        using (var release = new SqliteStatement(db, DeliverySql.Release))
        {
            release.Bind(1, sendId);
            release.Bind(3, worker);
            foreach (var id in deliveryIds.Distinct(StringComparer.Ordinal))
            {
                release.Bind(2, id);
                release.Step();
                released += release.Changes;
                release.Reset();
            }
        }

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
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
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
        sql.Append(state is null ? "" : $" AND {DeliverySql.StateCondition(state.Value)}");
        sql.Append(skip is null ? "" : " AND skip = @skip");
        sql.Append(afterId is null ? "" : " AND id > @afterId");
        sql.Append(" ORDER BY id LIMIT @limit;");
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<DeliveryRow>(new CommandDefinition(
            sql.ToString(), new { orgId, sendId, skip = (long?)skip, afterId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct)
    {
        var sql = $"UPDATE deliveries SET state = {Pending}, error = '' WHERE send_id = @sendId AND org_id = @orgId AND {DeliverySql.StateCondition(DeliveryState.Unknown)};";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        var requeued = await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, sendId }, tx, cancellationToken: ct));
        await DeliveryCountsTable.MoveAsync(db, tx, sendId, DeliveryState.Unknown, DeliveryState.Pending, requeued, ct);
        await tx.CommitAsync(ct);
        return requeued;
    }
}
