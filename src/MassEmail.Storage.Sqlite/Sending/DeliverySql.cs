using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The per-row statements of <see cref="SqliteDeliveryStore"/>, bound by position. Each names the send,
/// so SQLite finds rows by the (send_id, id) key; the partial indexes are used because the states are
/// literals matching their WHERE clauses (see migration 5). SqliteDeliveryPlanTests pins the plans.
/// </summary>
internal static class DeliverySql
{
    public const int Pending = (int)DeliveryState.Pending;
    public const int Claimed = (int)DeliveryState.Claimed;

    /// <summary>?1 id … ?13 updated_at in column order.</summary>
    public const string Append = """
        INSERT OR IGNORE INTO deliveries (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13);
        """;

    /// <summary>?1 send, ?2 worker, ?3 lease end, ?4 limit; returns the columns a claimed row does not already know.</summary>
    public static readonly string Claim = $"""
        UPDATE deliveries SET state = {Claimed}, claimed_by = ?2, lease_until = ?3
        WHERE send_id = ?1 AND id IN (SELECT id FROM deliveries WHERE send_id = ?1 AND state = {Pending} ORDER BY id LIMIT ?4)
        RETURNING id, org_id, record_id, email, skip, attempts, updated_at;
        """;

    /// <summary>?1 send, ?2 id, ?3 worker, ?4 state, ?5 skip, ?6 attempts, ?7 message id, ?8 error, ?9 time.</summary>
    public static readonly string Complete = $"""
        UPDATE deliveries SET state = ?4, skip = ?5, attempts = ?6, message_id = ?7, error = ?8, claimed_by = NULL, lease_until = NULL, updated_at = ?9
        WHERE send_id = ?1 AND id = ?2 AND state = {Claimed} AND claimed_by = ?3;
        """;

    /// <summary>?1 send, ?2 id, ?3 worker.</summary>
    public static readonly string Release = $"""
        UPDATE deliveries SET state = {Pending}, claimed_by = NULL, lease_until = NULL
        WHERE send_id = ?1 AND id = ?2 AND state = {Claimed} AND claimed_by = ?3;
        """;

    /// <summary>The state condition of a listing, written so that SQLite can use the partial index covering that state.</summary>
    public static string StateCondition(DeliveryState state) => (int)state >= (int)DeliveryState.Failed
        ? $"state = {(int)state} AND state >= {(int)DeliveryState.Failed}"
        : $"state = {(int)state}";
}
