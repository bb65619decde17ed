namespace MassEmail.Storage.Sqlite.Autoresponders;

/// <summary>
/// Migration 23 (issue 13 item 7): autoresponders, their enrolments (one per autoresponder and record) and the index
/// the enrolling worker reads a list's new subscriptions by. Kept in its own file so that a renumbering at merge touches
/// one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class AutorespondersMigration
{
    public const string Sql = """
        CREATE TABLE autoresponders (
            org_id          TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            module          INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            trigger_kind    INTEGER NOT NULL,
            trigger_id      TEXT    NOT NULL,
            steps_json      TEXT    NOT NULL,
            window_json     TEXT,
            active          INTEGER NOT NULL,
            activated_at    INTEGER,
            enroll_existing INTEGER NOT NULL,
            enroll_cursor   INTEGER,
            created_by      TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        -- The worker's round over the active autoresponders of every organisation.
        CREATE INDEX ix_autoresponders_active ON autoresponders (id) WHERE active = 1;
        CREATE TABLE autoresponder_enrollments (
            org_id           TEXT    NOT NULL,
            autoresponder_id TEXT    NOT NULL,
            record_id        TEXT    NOT NULL,
            step             INTEGER NOT NULL,
            state            INTEGER NOT NULL,
            due_at           INTEGER NOT NULL,
            reason           TEXT    NOT NULL,
            run_id           TEXT    NOT NULL,
            claimed_at       INTEGER,
            last_send_id     TEXT    NOT NULL,
            enrolled_at      INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL,
            PRIMARY KEY (org_id, autoresponder_id, record_id)
        ) STRICT, WITHOUT ROWID;
        -- Due enrolments held by no run, earliest first.
        CREATE INDEX ix_enrollments_due ON autoresponder_enrollments (org_id, autoresponder_id, due_at, record_id) WHERE state = 1 AND run_id = '';
        -- Enrolments held by a run (a run's own, and runs whose holder died).
        CREATE INDEX ix_enrollments_run ON autoresponder_enrollments (org_id, autoresponder_id, run_id, record_id) WHERE run_id <> '';
        -- A list's subscriptions by time: the new ones since an autoresponder's cursor.
        CREATE INDEX ix_list_subscriptions_at ON list_subscriptions (org_id, list_id, at, record_id);
        """;
}
