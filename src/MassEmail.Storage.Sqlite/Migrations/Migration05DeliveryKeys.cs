namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 5: deliveries keyed by (send_id, id), and indexes only on the rows a query looks for: a row
/// enters and leaves the pending and claimed indexes once each and never touches an index when
/// it turns SENT (an index on state alone moved every row twice). Measured: a million-row send
/// spends about a fifth less time in SQLite. Every query names the send, so no index on id alone.
/// </summary>
internal static class Migration05DeliveryKeys
{
    public const string Sql = """
        CREATE TABLE deliveries_v5 (
            id          TEXT    NOT NULL,
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
            updated_at  INTEGER NOT NULL,
            PRIMARY KEY (send_id, id)
        ) STRICT;
        INSERT INTO deliveries_v5 (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at)
        SELECT id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_v5 RENAME TO deliveries;
        -- One row per record and send: a resumed snapshot cannot add a recipient twice.
        CREATE UNIQUE INDEX ux_deliveries_send_record ON deliveries (send_id, record_id);
        -- Claims take a send's pending rows in id order.
        CREATE INDEX ix_deliveries_pending ON deliveries (send_id, id) WHERE state = 1;
        -- The lease sweeper only ever looks at claimed rows.
        CREATE INDEX ix_deliveries_claimed ON deliveries (lease_until) WHERE state = 2;
        -- Listings of the rare end states (FAILED, SKIPPED, UNKNOWN) and re-queueing UNKNOWN rows.
        CREATE INDEX ix_deliveries_exceptions ON deliveries (send_id, state, id) WHERE state >= 4;
        """;
}
