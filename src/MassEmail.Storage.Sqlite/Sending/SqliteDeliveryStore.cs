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
    private const int Pending = DeliverySql.Pending;

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (rows.Count == 0)
        {
            return;
        }

        // Each send's PENDING rows in id order, cut into batches; each batch is keyed by its lowest planned id.
        var batchOf = new Dictionary<Delivery, string>(ReferenceEqualityComparer.Instance);
        foreach (var chunk in rows.Where(d => d.State == DeliveryState.Pending).GroupBy(d => d.SendId, StringComparer.Ordinal)
            .SelectMany(ofSend => InIdOrder(ofSend).Chunk(batchSize)))
        {
            foreach (var d in chunk)
            {
                batchOf[d] = chunk[0].Id;
            }
        }

        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var added = new List<Delivery>(rows.Count);
        using (var insert = write.Prepared(DeliverySql.Append))
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
                insert.Bind(14, batchOf.GetValueOrDefault(d));
                insert.Step();
                if (insert.Changes > 0)
                {
                    added.Add(d);
                }

                insert.Reset();
            }
        }

        // One claim unit per batch that got rows (a resumed snapshot's rows already stored were ignored above).
        using (var batch = write.Prepared(DeliverySql.AppendBatch))
        {
            foreach (var ofBatch in added.Where(batchOf.ContainsKey).GroupBy(d => batchOf[d], StringComparer.Ordinal))
            {
                var first = ofBatch.First();
                batch.Bind(1, first.SendId);
                batch.Bind(2, ofBatch.Key);
                batch.Bind(3, ofBatch.Select(d => d.Id).Max(StringComparer.Ordinal)!);
                batch.Bind(4, first.OrgId);
                batch.Step();
                batch.Reset();
            }
        }

        foreach (var send in added.GroupBy(d => (d.OrgId, d.SendId)))
        {
            DeliveryCountsTable.Seed(write, send.Key.OrgId, send.Key.SendId);
            DeliveryCountsTable.Add(write, send.Key.SendId, send.GroupBy(d => d.State).Select(g => (g.Key, (long)g.Count())));
        }

        await write.CommitAsync(ct);
    }

    public async Task<DeliveryBatch?> ClaimBatchAsync(string sendId, string owner, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        while (await ClaimUnitAsync(sendId, owner, token, leaseUntil, ct) is (string first, string last))
        {
            // The rows are read after the claim's commit, on a reader's connection: the lease keeps them this worker's, a
            // batch's rows are appended with its unit, and reading a thousand rows inside the write gate held every other
            // writer for most of a claim (measured: bench/README.md, "Mass send pipeline"). Not cancelled: a batch leased
            // here always reaches the caller, which gives it back when it stops, instead of waiting out its lease.
            var rows = await ReadBatchRowsAsync(sendId, first, last);
            if (rows.Count > 0)
            {
                return new DeliveryBatch(sendId, first, token, leaseUntil, rows);
            }

            // Every row of the batch has an outcome (e.g. its last rows turned UNKNOWN at a lease expiry): close it.
            await CloseBatchAsync(sendId, first, token, ct);
        }

        return null;
    }

    /// <summary>Leases the send's first PENDING batch to <paramref name="token"/>: its key and last id, or null when none is left.</summary>
    private async Task<(string First, string Last)?> ClaimUnitAsync(
        string sendId, string owner, string token, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        (string, string)? claimed = null;
        using (var claim = write.Prepared(DeliverySql.ClaimBatch))
        {
            claim.Bind(1, sendId);
            claim.Bind(2, owner);
            claim.Bind(3, token);
            claim.Bind(4, UnixMilliseconds.From(leaseUntil));
            if (claim.Step())
            {
                claimed = (claim.GetString(0), claim.GetString(1));
                while (claim.Step())
                {
                }
            }
        }

        await write.CommitAsync(ct);
        return claimed;
    }

    /// <summary>A claimed batch's PENDING rows, read on a reader's connection; never cancelled (see the caller).</summary>
    private async Task<List<Delivery>> ReadBatchRowsAsync(string sendId, string first, string last)
    {
        await using SqliteConnection db = await connections.OpenAsync(CancellationToken.None);
        using var read = new SqliteStatement(db, DeliverySql.BatchRows);
        read.Bind(1, sendId);
        read.Bind(2, first);
        read.Bind(3, last);
        var rows = new List<Delivery>();
        while (read.Step())
        {
            rows.Add(new Delivery(
                read.GetString(0), read.GetString(1), sendId, read.GetString(2), read.GetString(3), DeliveryState.Pending,
                (SkipReason)read.GetInt64(4), (int)read.GetInt64(5), null, null, "", "", UnixMilliseconds.ToTime(read.GetInt64(6))));
        }

        return rows;
    }

    private async Task CloseBatchAsync(string sendId, string first, string token, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        using (var close = write.Prepared(DeliverySql.CloseBatch))
        {
            close.Bind(1, sendId);
            close.Bind(2, first);
            close.Bind(3, token);
            close.Step();
        }

        await write.CommitAsync(ct);
    }

    public async Task<bool> CheckpointAsync(
        DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, string? inFlightUpTo, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        StoreOutcomes(write, batch.SendId, outcomes, now);
        bool held;
        using (var fence = write.Prepared(DeliverySql.Checkpoint))
        {
            fence.Bind(1, batch.SendId);
            fence.Bind(2, batch.Id);
            fence.Bind(3, batch.Token);
            fence.Bind(4, UnixMilliseconds.From(leaseUntil));
            fence.Bind(5, inFlightUpTo);
            fence.Bind(6, UnixMilliseconds.From(now));
            fence.Step();
            held = fence.Changes > 0;
        }

        await write.CommitAsync(ct);
        return held;
    }

    public async Task<bool> ReleaseAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        StoreOutcomes(write, batch.SendId, outcomes, now);
        bool held;
        using (var release = write.Prepared(DeliverySql.Release))
        {
            release.Bind(1, batch.SendId);
            release.Bind(2, batch.Id);
            release.Bind(3, batch.Token);
            release.Step();
            held = release.Changes > 0;
        }

        await write.CommitAsync(ct);
        return held;
    }

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var expired = new List<(string Send, string Batch, string? Mark)>();
        using (var find = write.Prepared(DeliverySql.Expired))
        {
            find.Bind(1, UnixMilliseconds.From(now));
            while (find.Step())
            {
                expired.Add((find.GetString(0), find.GetString(1), find.GetStringOrNull(2)));
            }
        }

        var unknown = 0;
        using (var rows = write.Prepared(DeliverySql.ExpireRows))
        using (var reopen = write.Prepared(DeliverySql.Reopen))
        {
            foreach (var (send, batch, mark) in expired)
            {
                if (mark is not null)
                {
                    rows.Bind(1, send);
                    rows.Bind(2, batch);
                    rows.Bind(3, mark);
                    rows.Bind(4, UnixMilliseconds.From(now));
                    rows.Step();
                    var changed = rows.Changes;
                    rows.Reset();
                    unknown += changed;
                    DeliveryCountsTable.Move(write, send, DeliveryState.Pending, DeliveryState.Unknown, changed);
                }

                reopen.Bind(1, send);
                reopen.Bind(2, batch);
                reopen.Step();
                reopen.Reset();
            }
        }

        await write.CommitAsync(ct);
        return unknown;
    }

    public async Task<bool> HasOpenBatchesAsync(string sendId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            SELECT EXISTS (SELECT 1 FROM delivery_batches WHERE send_id = @sendId AND state = {DeliverySql.BatchPending})
                OR EXISTS (SELECT 1 FROM delivery_batches WHERE send_id = @sendId AND state = {DeliverySql.BatchClaimed});
            """,
            new { sendId },
            cancellationToken: ct)) != 0;
    }

    public async Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var rows = await db.QueryAsync<(long State, long Count)>(new CommandDefinition(
            "SELECT state, n FROM delivery_counts WHERE send_id = @sendId AND org_id = @orgId;", new { orgId, sendId }, cancellationToken: ct));
        var by = rows.ToDictionary(r => (DeliveryState)r.State, r => r.Count);
        long Get(DeliveryState s) => by.GetValueOrDefault(s);

        // CLAIMED: the PENDING rows of batches a worker holds (a few batches per instance, so a small read).
        long held = 0;
        if (by.Count > 0)
        {
            using var read = new SqliteStatement(db, DeliverySql.HeldRows);
            read.Bind(1, sendId);
            held = read.Step() ? read.GetInt64(0) : 0;
        }

        return new DeliveryCounts(Get(DeliveryState.Pending) - held, Get(DeliveryState.Claimed) + held, Get(DeliveryState.Sent), Get(DeliveryState.Failed),
            Get(DeliveryState.Skipped), Get(DeliveryState.Unknown));
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(
        string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct)
    {
        if (state == DeliveryState.Pending)
        {
            return await ListPendingAsync(orgId, sendId, skip, afterId, limit, ct);
        }

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

    /// <summary>
    /// PENDING rows through the send's open batches (every PENDING row belongs to one): each batch's rows by its key range,
    /// so a page costs the batches' rows, not a walk over the send's finished rows.
    /// </summary>
    private async Task<IReadOnlyList<Delivery>> ListPendingAsync(string orgId, string sendId, SkipReason? skip, string? afterId, int limit, CancellationToken ct)
    {
        var after = afterId ?? "";
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var open = await db.QueryAsync<(string First, string Last)>(new CommandDefinition(
            DeliverySql.OpenBatches, new { orgId, sendId, afterId = after }, cancellationToken: ct));
        var page = new List<Delivery>();
        foreach (var (first, last) in open)
        {
            if (page.Count >= limit)
            {
                break;
            }

            var rows = await db.QueryAsync<DeliveryRow>(new CommandDefinition(
                DeliverySql.PendingPage, new { sendId, first, last, afterId = after, skip = (long?)skip, limit = limit - page.Count }, cancellationToken: ct));
            page.AddRange(rows.Select(r => r.ToDomain()));
        }

        return page;
    }

    public async Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct)
    {
        // The batches first (one transaction here, but the order is the one that is safe without it), then the rows.
        var reopen = $"""
            UPDATE delivery_batches SET state = {DeliverySql.BatchPending}
            WHERE send_id = @sendId AND org_id = @orgId AND state = {DeliverySql.BatchDone}
              AND first_id IN (SELECT batch_id FROM deliveries WHERE send_id = @sendId AND {DeliverySql.StateCondition(DeliveryState.Unknown)} AND batch_id IS NOT NULL);
            """;
        var sql = $"UPDATE deliveries SET state = {Pending}, error = '' WHERE send_id = @sendId AND org_id = @orgId AND {DeliverySql.StateCondition(DeliveryState.Unknown)};";
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var (db, tx) = (write.Db, write.Tx);
        await db.ExecuteAsync(new CommandDefinition(reopen, new { orgId, sendId }, tx, cancellationToken: ct));
        var requeued = await db.ExecuteAsync(new CommandDefinition(sql, new { orgId, sendId }, tx, cancellationToken: ct));
        DeliveryCountsTable.Move(write, sendId, DeliveryState.Unknown, DeliveryState.Pending, requeued);
        await tx.CommitAsync(ct);
        return requeued;
    }

    /// <summary>Stores outcomes of rows still PENDING, with the send's counts, inside the caller's transaction.</summary>
    private static void StoreOutcomes(SqliteWrite write, string sendId, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var changed = new Dictionary<DeliveryState, long>();
        using (var update = write.Prepared(DeliverySql.Complete))
        {
            update.Bind(1, sendId);
            update.Bind(8, UnixMilliseconds.From(at));
            foreach (var o in outcomes)
            {
                update.Bind(2, o.DeliveryId);
                update.Bind(3, (long)o.State);
                update.Bind(4, (long)o.Skip);
                update.Bind(5, o.Attempts);
                update.Bind(6, o.MessageId);
                update.Bind(7, o.Error);
                update.Step();
                if (update.Changes > 0)
                {
                    changed[o.State] = changed.GetValueOrDefault(o.State) + 1;
                    changed[DeliveryState.Pending] = changed.GetValueOrDefault(DeliveryState.Pending) - 1;
                }

                update.Reset();
            }
        }

        DeliveryCountsTable.Add(write, sendId, changed.Select(c => (c.Key, c.Value)));
    }

    /// <summary>The rows in id order: as given when they already are (a snapshot's are), else sorted.</summary>
    private static IEnumerable<Delivery> InIdOrder(IEnumerable<Delivery> rows)
    {
        List<Delivery> list = [.. rows];
        for (var i = 1; i < list.Count; i++)
        {
            if (string.CompareOrdinal(list[i - 1].Id, list[i].Id) > 0)
            {
                return list.OrderBy(d => d.Id, StringComparer.Ordinal);
            }
        }

        return list;
    }
}
