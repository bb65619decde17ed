namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// The migration that makes the quota settlement of mass sends crash-safe (issue 10 item 5): each send's
/// <c>quota_settled</c> flag, with a partial index on the unsettled completed (4) and cancelled (5) sends the settlement
/// pass lists, and <c>quota_releases</c>, what each settlement gave back under its key (the send's id), written in the
/// transaction that gives it back so that a repeat gives back nothing more. Completed and cancelled sends stored before
/// read as settled (the earlier build gave back a completed send's rest right after completing it, and kept a cancelled
/// send's reservation); running ones as unsettled, like new sends.
/// </summary>
internal static class QuotaSettlementMigration
{
    public const string Sql = """
        ALTER TABLE mass_sends ADD COLUMN quota_settled INTEGER NOT NULL DEFAULT 1;
        UPDATE mass_sends SET quota_settled = 0 WHERE state NOT IN (4, 5);
        CREATE INDEX ix_mass_sends_unsettled ON mass_sends (id) WHERE quota_settled = 0 AND state IN (4, 5);

        CREATE TABLE quota_releases (
            org_id      TEXT    NOT NULL,
            counter     TEXT    NOT NULL,
            day         TEXT    NOT NULL,
            release_key TEXT    NOT NULL,
            released    INTEGER NOT NULL,
            PRIMARY KEY (org_id, counter, day, release_key)
        ) STRICT, WITHOUT ROWID;
        """;
}
