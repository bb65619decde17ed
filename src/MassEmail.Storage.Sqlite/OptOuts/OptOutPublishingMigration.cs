namespace MassEmail.Storage.Sqlite.OptOuts;

/// <summary>
/// Migration 25 (issue 14, opt-outs both ways): the consent outbox gets its lease (<c>holder</c>, and <c>next_at</c>
/// which is the lease's end while held and the retry time once deferred) and the targets that already took a change;
/// <c>opt_out_polls</c> keeps, per connection and remote list, the vendor's opt-out cursor and the poll's lease.
/// Kept in its own file so that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class OptOutPublishingMigration
{
    public const string Sql = """
        ALTER TABLE consent_outbox ADD COLUMN holder TEXT;
        ALTER TABLE consent_outbox ADD COLUMN next_at INTEGER;
        ALTER TABLE consent_outbox ADD COLUMN done_targets TEXT;
        CREATE TABLE opt_out_polls (
            org_id         TEXT    NOT NULL,
            connection_id  TEXT    NOT NULL,
            remote_list_id TEXT    NOT NULL,
            cursor         TEXT,
            holder         TEXT,
            next_at        INTEGER,
            PRIMARY KEY (org_id, connection_id, remote_list_id)
        ) STRICT;
        """;
}
