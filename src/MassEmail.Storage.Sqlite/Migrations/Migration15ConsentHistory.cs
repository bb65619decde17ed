namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 15: every opt-out and list (un)subscription with its source and time, and the outbox the
/// plugin layer publishes them from, in write order (seq). A change, its history row and its outbox row are
/// written in one transaction. Kept when the record or list is deleted: published events must stay exact.
/// </summary>
internal static class Migration15ConsentHistory
{
    public const string Sql = """
        CREATE TABLE consent_changes (
            id        TEXT    NOT NULL PRIMARY KEY,
            org_id    TEXT    NOT NULL,
            record_id TEXT    NOT NULL,
            list_id   TEXT,
            kind      INTEGER NOT NULL,
            source    TEXT    NOT NULL,
            at        INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ix_consent_changes_record ON consent_changes (org_id, record_id, id);
        CREATE TABLE consent_outbox (
            seq       INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            change_id TEXT    NOT NULL UNIQUE
        ) STRICT;
        """;
}
