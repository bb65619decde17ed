namespace MassEmail.Storage.Sqlite.Scheduling;

/// <summary>
/// Migration 17 (issue 13): schedules, their occurrences under a unique (schedule, local time) that decides which
/// instance fires one, and the store-wide change marker moved by every schedule write. Kept in its own file so
/// that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class SchedulesMigration
{
    public const string Sql = """
        CREATE TABLE schedules (
            org_id          TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            module          INTEGER NOT NULL,
            view_id         TEXT    NOT NULL,
            template_id     TEXT    NOT NULL,
            from_choice     INTEGER NOT NULL,
            reply_to_choice INTEGER NOT NULL,
            active          INTEGER NOT NULL,
            start_local     TEXT    NOT NULL,
            time_zone       TEXT    NOT NULL,
            recurrence_json TEXT,
            created_by      TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            next_fire_at    INTEGER,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        -- The firing's queue across organisations: active schedules by next fire time.
        CREATE INDEX ix_schedules_due ON schedules (active, next_fire_at);
        CREATE TABLE schedule_occurrences (
            org_id      TEXT    NOT NULL,
            schedule_id TEXT    NOT NULL,
            local_time  TEXT    NOT NULL,
            fire_at     INTEGER NOT NULL,
            state       INTEGER NOT NULL,
            send_id     TEXT    NOT NULL,
            reason      TEXT    NOT NULL,
            holder      TEXT    NOT NULL,
            lease_until INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, schedule_id, local_time)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX ix_schedule_occurrences_fire ON schedule_occurrences (org_id, schedule_id, fire_at);
        CREATE TABLE schedule_marker (
            id    INTEGER NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) STRICT;
        INSERT INTO schedule_marker (id, value) VALUES (1, 0);
        """;
}
