namespace MassEmail.Storage.Sqlite.Syncs;

/// <summary>
/// Migration 26 (issue 14): sync runs. A definition's next run time, the lease of the worker running it and a pending
/// "sync now" request are columns of its row, so that creating a definition schedules its first run in the same
/// statement and a claim is one conditional update. Where a run stands (cursor, counts) is in the status JSON.
/// Definitions stored before (when no worker ran them) have no next run time, as in MongoDB: an update of the
/// definition or a "sync now" schedules them.
/// </summary>
internal static class SyncRunsMigration
{
    public const string Sql = """
        ALTER TABLE sync_definitions ADD COLUMN run_due_at INTEGER;
        ALTER TABLE sync_definitions ADD COLUMN run_holder TEXT;
        ALTER TABLE sync_definitions ADD COLUMN run_lease_until INTEGER;
        ALTER TABLE sync_definitions ADD COLUMN run_requested_at INTEGER;
        ALTER TABLE sync_definitions ADD COLUMN run_requested_full INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_sync_definitions_run_due ON sync_definitions (run_due_at);
        CREATE INDEX ix_sync_definitions_run_requested ON sync_definitions (run_requested_at);
        """;
}
