using MassEmail.Core.Sending;
using MassEmail.Storage.Sqlite.Rows;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The per-row and per-batch statements of <see cref="SqliteDeliveryStore"/>, bound by position. Each names the send,
/// so SQLite finds rows by the (send_id, id) key; the partial indexes are used because the states are literals matching
/// their WHERE clauses (see migrations 5 and 10). SqliteDeliveryPlanTests pins the plans.
/// </summary>
internal static class DeliverySql
{
    public const int Pending = (int)DeliveryState.Pending;
    public const int BatchPending = (int)DeliveryBatchState.Pending;
    public const int BatchClaimed = (int)DeliveryBatchState.Claimed;
    public const int BatchDone = (int)DeliveryBatchState.Done;

    /// <summary>?1 id … ?13 updated_at in column order, ?14 batch id (NULL for rows that are not PENDING).</summary>
    public const string Append = """
        INSERT OR IGNORE INTO deliveries (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at, batch_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14);
        """;

    /// <summary>?1 send, ?2 first id (key), ?3 last id, ?4 org.</summary>
    public static readonly string AppendBatch = $"""
        INSERT OR IGNORE INTO delivery_batches (send_id, first_id, last_id, org_id, state) VALUES (?1, ?2, ?3, ?4, {BatchPending});
        """;

    /// <summary>?1 send, ?2 owner, ?3 token, ?4 lease end; takes the send's oldest PENDING batch.</summary>
    public static readonly string ClaimBatch = $"""
        UPDATE delivery_batches SET state = {BatchClaimed}, owner = ?2, token = ?3, lease_until = ?4, in_flight_id = NULL
        WHERE send_id = ?1 AND first_id = (SELECT first_id FROM delivery_batches WHERE send_id = ?1 AND state = {BatchPending} ORDER BY first_id LIMIT 1)
        RETURNING first_id, last_id;
        """;

    /// <summary>?1 send, ?2 batch key, ?3 last id: the batch's PENDING rows in id order.</summary>
    public static readonly string BatchRows = $"""
        SELECT id, org_id, record_id, email, skip, attempts, updated_at FROM deliveries
        WHERE send_id = ?1 AND id BETWEEN ?2 AND ?3 AND state = {Pending} AND batch_id = ?2 ORDER BY id;
        """;

    /// <summary>?1 send, ?2 batch key, ?3 claim token: closes a batch its claim found without PENDING rows.</summary>
    public static readonly string CloseBatch = $"""
        UPDATE delivery_batches SET state = {BatchDone}, owner = NULL, token = NULL, lease_until = NULL, in_flight_id = NULL
        WHERE send_id = ?1 AND first_id = ?2 AND token = ?3;
        """;

    /// <summary>?1 send, ?2 id, ?3 state, ?4 skip, ?5 attempts, ?6 message id, ?7 error, ?8 time; only a row still PENDING.</summary>
    public static readonly string Complete = $"""
        UPDATE deliveries SET state = ?3, skip = ?4, attempts = ?5, message_id = ?6, error = ?7, updated_at = ?8
        WHERE send_id = ?1 AND id = ?2 AND state = {Pending};
        """;

    /// <summary>
    /// ?1 send, ?2 batch key, ?3 token, ?4 new lease end, ?5 in-flight mark (NULL: keep), ?6 now: the fence. Changes the
    /// batch only while its claim holds: the token matches and the lease has not run out.
    /// </summary>
    public static readonly string Checkpoint = $"""
        UPDATE delivery_batches SET lease_until = ?4,
            in_flight_id = CASE WHEN ?5 IS NOT NULL AND (in_flight_id IS NULL OR ?5 > in_flight_id) THEN ?5 ELSE in_flight_id END
        WHERE send_id = ?1 AND first_id = ?2 AND state = {BatchClaimed} AND token = ?3 AND lease_until >= ?6;
        """;

    /// <summary>?1 send, ?2 batch key, ?3 token: DONE when no row of the batch is PENDING any more, else claimable again.</summary>
    public static readonly string Release = $"""
        UPDATE delivery_batches SET
            state = CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.send_id = ?1 AND d.id BETWEEN ?2 AND delivery_batches.last_id AND d.state = {Pending} AND d.batch_id = ?2)
                THEN {BatchPending} ELSE {BatchDone} END,
            owner = NULL, token = NULL, lease_until = NULL, in_flight_id = NULL
        WHERE send_id = ?1 AND first_id = ?2 AND state = {BatchClaimed} AND token = ?3;
        """;

    /// <summary>
    /// ?1 send: the PENDING rows of its batches a worker holds, counted batch by batch over each one's key range. Driven
    /// from the few claimed batches: written as a join, SQLite drove it from the pending rows instead, reading every
    /// PENDING row of the send (a tenth of a second and more per progress read of a million-row send).
    /// </summary>
    public static readonly string HeldRows = $"""
        SELECT ifnull(sum((SELECT count(*) FROM deliveries d
            WHERE d.send_id = b.send_id AND d.id BETWEEN b.first_id AND b.last_id AND d.state = {Pending} AND d.batch_id = b.first_id)), 0)
        FROM delivery_batches b WHERE b.send_id = ?1 AND b.state = {BatchClaimed};
        """;

    /// <summary>@sendId, @orgId, @afterId (or ''): the send's open batches (PENDING or CLAIMED) ending after it, in key order.</summary>
    public static readonly string OpenBatches = $"""
        SELECT first_id AS First, last_id AS Last FROM delivery_batches
        WHERE send_id = @sendId AND org_id = @orgId AND state IN ({BatchPending}, {BatchClaimed}) AND last_id > @afterId ORDER BY first_id;
        """;

    /// <summary>@sendId, @first (batch key), @last, @afterId (or ''), @skip (or NULL), @limit: a page of the batch's PENDING rows in id order.</summary>
    public static readonly string PendingPage = $"""
        SELECT {DeliveryRow.Columns} FROM deliveries
        WHERE send_id = @sendId AND id BETWEEN @first AND @last AND id > @afterId AND state = {Pending} AND batch_id = @first
          AND (@skip IS NULL OR skip = @skip)
        ORDER BY id LIMIT @limit;
        """;

    /// <summary>?1 now: every claimed batch whose lease ran out.</summary>
    public static readonly string Expired = $"""
        SELECT send_id, first_id, in_flight_id FROM delivery_batches WHERE state = {BatchClaimed} AND lease_until < ?1;
        """;

    /// <summary>?1 send, ?2 batch key, ?3 in-flight mark, ?4 now: the rows whose call may have started turn UNKNOWN.</summary>
    public static readonly string ExpireRows = $"""
        UPDATE deliveries SET state = {(int)DeliveryState.Unknown}, updated_at = ?4
        WHERE send_id = ?1 AND id BETWEEN ?2 AND ?3 AND state = {Pending} AND batch_id = ?2;
        """;

    /// <summary>?1 send, ?2 batch key: an expired batch is claimable again, its mark cleared.</summary>
    public static readonly string Reopen = $"""
        UPDATE delivery_batches SET state = {BatchPending}, owner = NULL, token = NULL, lease_until = NULL, in_flight_id = NULL
        WHERE send_id = ?1 AND first_id = ?2;
        """;

    /// <summary>The state condition of a listing, written so that SQLite can use the partial index covering that state.</summary>
    public static string StateCondition(DeliveryState state) => (int)state >= (int)DeliveryState.Failed
        ? $"state = {(int)state} AND state >= {(int)DeliveryState.Failed}"
        : $"state = {(int)state}";
}
