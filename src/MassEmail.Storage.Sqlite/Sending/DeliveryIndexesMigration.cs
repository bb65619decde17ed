namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// Migration 29: deliveries keep only the indexes a query needs since batch claims (migration 10). Every statement of
/// the engine finds a batch's rows by the (send_id, id) key range of the batch, and a listing of PENDING rows goes
/// through the send's open batches (a PENDING row always belongs to one), so the index of PENDING rows only cost an
/// entry written at the snapshot and removed at the outcome of every row. No row is CLAIMED any more (batches are),
/// so the index of claimed rows was always empty.
/// </summary>
internal static class DeliveryIndexesMigration
{
    public const string Sql = """
        DROP INDEX IF EXISTS ix_deliveries_pending;
        DROP INDEX IF EXISTS ix_deliveries_claimed;
        """;
}
