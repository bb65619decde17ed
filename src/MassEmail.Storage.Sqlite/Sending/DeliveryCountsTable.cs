using Dapper;
using MassEmail.Core.Sending;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>delivery_counts</c> table: how many deliveries of a send are in each state. Every write
/// that changes a delivery's state adjusts it inside the same transaction, so the counts can never
/// disagree with the rows, not even after a crash.
/// </summary>
internal static class DeliveryCountsTable
{
    /// <summary>Creates the send's six zero counts (once), so every later change is a plain update.</summary>
    public static Task SeedAsync(SqliteConnection db, SqliteTransaction tx, string orgId, string sendId, CancellationToken ct) =>
        db.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO delivery_counts (send_id, state, org_id, n) SELECT @sendId, value, @orgId, 0 FROM json_each('[1,2,3,4,5,6]');",
            new { orgId, sendId }, tx, cancellationToken: ct));

    /// <summary>Adds each delta to the send's count of its state (deltas of 0 are skipped).</summary>
    public static async Task AddAsync(SqliteConnection db, SqliteTransaction tx, string sendId, IEnumerable<(DeliveryState State, long Delta)> changes, CancellationToken ct)
    {
        foreach (var (state, delta) in changes.Where(c => c.Delta != 0))
        {
            await db.ExecuteAsync(new CommandDefinition(
                "UPDATE delivery_counts SET n = n + @delta WHERE send_id = @sendId AND state = @state;",
                new { sendId, state = (long)state, delta }, tx, cancellationToken: ct));
        }
    }

    /// <summary>Moves <paramref name="count"/> deliveries of the send from one state to another.</summary>
    public static Task MoveAsync(SqliteConnection db, SqliteTransaction tx, string sendId, DeliveryState from, DeliveryState to, long count, CancellationToken ct) =>
        AddAsync(db, tx, sendId, [(from, -count), (to, count)], ct);
}
