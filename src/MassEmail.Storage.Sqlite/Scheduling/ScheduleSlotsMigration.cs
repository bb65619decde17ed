namespace MassEmail.Storage.Sqlite.Scheduling;

/// <summary>
/// Migration 18 (issue 13 items 2 and 6): the schedules' wait-for-the-next-quota-day flag, each organisation's slot
/// version (moved by every schedule insert or replace, so that the check of three per minute holds across instances),
/// its run slots (at most three scheduled sends running at once, one row per taken slot) and the waiting line of
/// occurrences. Kept in its own file so that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class ScheduleSlotsMigration
{
    public const string Sql = """
        ALTER TABLE schedules ADD COLUMN wait_for_quota_day INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE schedule_slot_versions (
            org_id  TEXT    NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE schedule_run_slots (
            org_id      TEXT    NOT NULL,
            slot        INTEGER NOT NULL,
            schedule_id TEXT    NOT NULL,
            local_time  TEXT    NOT NULL,
            taken_at    INTEGER NOT NULL,
            PRIMARY KEY (org_id, slot)
        ) STRICT, WITHOUT ROWID;
        -- The waiting line: waiting occurrences (state 5) in fire-time order, the retry time checked on the few there are.
        CREATE INDEX ix_schedule_occurrences_waiting ON schedule_occurrences (state, fire_at, schedule_id, lease_until);
        """;
}
