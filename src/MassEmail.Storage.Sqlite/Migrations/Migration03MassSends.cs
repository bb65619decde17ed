namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 3: mass sends, deliveries, quota counters.
/// </summary>
internal static class Migration03MassSends
{
    public const string Sql = """
        CREATE TABLE mass_sends (
            id                   TEXT    NOT NULL PRIMARY KEY,
            org_id               TEXT    NOT NULL,
            module               INTEGER NOT NULL,
            template_id          TEXT    NOT NULL,
            template_version     INTEGER NOT NULL,
            from_choice          INTEGER NOT NULL,
            reply_to_choice      INTEGER NOT NULL,
            created_by           TEXT    NOT NULL,
            content_json         TEXT    NOT NULL,
            audience_json        TEXT    NOT NULL,
            idempotency_key      TEXT    NOT NULL,
            state                INTEGER NOT NULL,
            pause_reason         TEXT    NOT NULL,
            reserved             INTEGER NOT NULL,
            quota_day            TEXT    NOT NULL,
            version              INTEGER NOT NULL,
            created_at           INTEGER NOT NULL,
            updated_at           INTEGER NOT NULL,
            snapshot_complete    INTEGER NOT NULL,
            snapshot_owner       TEXT    NULL,
            snapshot_lease_until INTEGER NULL
        ) STRICT;
        CREATE UNIQUE INDEX ux_mass_sends_key ON mass_sends (org_id, idempotency_key);
        -- Workers look for queued and sending sends of every organisation.
        CREATE INDEX ix_mass_sends_state ON mass_sends (state, id);

        CREATE TABLE deliveries (
            id          TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            send_id     TEXT    NOT NULL,
            record_id   TEXT    NOT NULL,
            email       TEXT    NOT NULL,
            state       INTEGER NOT NULL,
            skip        INTEGER NOT NULL,
            attempts    INTEGER NOT NULL,
            claimed_by  TEXT    NULL,
            lease_until INTEGER NULL,
            message_id  TEXT    NOT NULL,
            error       TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL
        ) STRICT;
        -- One row per record and send: a resumed snapshot cannot add a recipient twice.
        CREATE UNIQUE INDEX ux_deliveries_send_record ON deliveries (send_id, record_id);
        -- Claims (pending rows of a send in id order), counts and listings by state.
        CREATE INDEX ix_deliveries_send_state ON deliveries (send_id, state, id);
        -- The lease sweeper only ever looks at claimed rows.
        CREATE INDEX ix_deliveries_claimed ON deliveries (lease_until) WHERE state = 2;

        CREATE TABLE quota_counters (
            org_id  TEXT    NOT NULL,
            counter TEXT    NOT NULL,
            day     TEXT    NOT NULL,
            used    INTEGER NOT NULL,
            PRIMARY KEY (org_id, counter, day)
        ) STRICT, WITHOUT ROWID;
        """;
}
