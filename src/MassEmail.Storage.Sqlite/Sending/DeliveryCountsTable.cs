using MassEmail.Core.Sending;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>delivery_counts</c> table: how many deliveries of a send are in each state. Every write
/// that changes a delivery's state adjusts it inside the same transaction, so the counts can never
/// disagree with the rows, not even after a crash. Its statements are the writers' kept ones: every
/// snapshot append and outcome write runs them.
/// </summary>
internal static class DeliveryCountsTable
{
    private const string SeedSql =
        "INSERT OR IGNORE INTO delivery_counts (send_id, state, org_id, n) SELECT ?1, value, ?2, 0 FROM json_each('[1,2,3,4,5,6]');";

    private const string AddSql = "UPDATE delivery_counts SET n = n + ?3 WHERE send_id = ?1 AND state = ?2;";

    /// <summary>Creates the send's six zero counts (once), so every later change is a plain update.</summary>
    public static void Seed(SqliteWrite write, string orgId, string sendId)
    {
        using var seed = write.Prepared(SeedSql);
        seed.Bind(1, sendId);
        seed.Bind(2, orgId);
        seed.Step();
    }

    /// <summary>Adds each delta to the send's count of its state (deltas of 0 are skipped).</summary>
    public static void Add(SqliteWrite write, string sendId, IEnumerable<(DeliveryState State, long Delta)> changes)
    {
        using var add = write.Prepared(AddSql);
        add.Bind(1, sendId);
        foreach (var (state, delta) in changes)
        {
            if (delta != 0)
            {
                add.Bind(2, (long)state);
                add.Bind(3, delta);
                add.Step();
                add.Reset();
            }
        }
    }

    /// <summary>Moves <paramref name="count"/> deliveries of the send from one state to another.</summary>
    public static void Move(SqliteWrite write, string sendId, DeliveryState from, DeliveryState to, long count) =>
        Add(write, sendId, [(from, -count), (to, count)]);
}
