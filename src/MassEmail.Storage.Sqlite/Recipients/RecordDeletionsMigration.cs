namespace MassEmail.Storage.Sqlite.Recipients;

/// <summary>
/// Migration 27 (issue 14): tombstones of deleted records, written in the delete's transaction, so that a campaign-tool
/// sync whose definition says "remove from list" can take the contact off its remote list after the record is gone.
/// One row per record (a delete repeated after a crash replaces it); read by (module, deletion time, record id).
/// </summary>
internal static class RecordDeletionsMigration
{
    public const string Sql = """
        CREATE TABLE record_deletions (
            org_id        TEXT    NOT NULL,
            record_id     TEXT    NOT NULL,
            module        INTEGER NOT NULL,
            email         TEXT    NOT NULL,
            email_key     TEXT    NOT NULL,
            email_opt_out INTEGER NOT NULL,
            list_ids      TEXT    NOT NULL,
            deleted_at    INTEGER NOT NULL,
            PRIMARY KEY (org_id, record_id)
        ) STRICT, WITHOUT ROWID;
        -- A sync's reading of a module's deletions since a time, and the pruning of old ones.
        CREATE INDEX ix_record_deletions_module ON record_deletions (org_id, module, deleted_at, record_id);
        """;
}
