namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 10: batch claims. The snapshot writes, beside the delivery rows and in the same transaction, one claim unit per
/// batch of PENDING rows (keyed by its lowest delivery id, which each of its rows carries in batch_id); workers claim
/// and lease batches, never rows. in_flight_id is the highest delivery id of the batch whose provider call may have
/// started: after a crash only PENDING rows up to it turn UNKNOWN. Rows an earlier build left CLAIMED belong to a
/// stopped worker (the file is being upgraded): UNKNOWN, as their lease expiry would have made them. The PENDING and
/// UNKNOWN rows (which a requeue may make PENDING) get batches of 50 in id order, DONE where none is PENDING.
/// </summary>
internal static class Migration10BatchClaims
{
    public const string Sql = """
        ALTER TABLE deliveries ADD COLUMN batch_id TEXT NULL;
        CREATE TABLE delivery_batches (
            send_id      TEXT    NOT NULL,
            first_id     TEXT    NOT NULL,
            last_id      TEXT    NOT NULL,
            org_id       TEXT    NOT NULL,
            state        INTEGER NOT NULL,
            owner        TEXT    NULL,
            token        TEXT    NULL,
            lease_until  INTEGER NULL,
            in_flight_id TEXT    NULL,
            PRIMARY KEY (send_id, first_id)
        ) STRICT, WITHOUT ROWID;
        -- Claims take a send's oldest PENDING batch.
        CREATE INDEX ix_delivery_batches_pending ON delivery_batches (send_id, first_id) WHERE state = 1;
        -- The lease sweeper only ever looks at claimed batches.
        CREATE INDEX ix_delivery_batches_claimed ON delivery_batches (lease_until) WHERE state = 2;
        UPDATE delivery_counts SET n = n + (SELECT count(*) FROM deliveries d WHERE d.send_id = delivery_counts.send_id AND d.state = 2) WHERE state = 6;
        UPDATE delivery_counts SET n = 0 WHERE state = 2;
        UPDATE deliveries SET state = 6, claimed_by = NULL, lease_until = NULL WHERE state = 2;
        INSERT INTO delivery_batches (send_id, first_id, last_id, org_id, state)
        SELECT send_id, min(id), max(id), org_id, CASE WHEN min(state) = 1 THEN 1 ELSE 3 END
        FROM (SELECT send_id, id, org_id, state, (row_number() OVER (PARTITION BY send_id ORDER BY id) - 1) / 50 AS n FROM deliveries WHERE state IN (1, 6))
        GROUP BY send_id, n;
        UPDATE deliveries SET batch_id = (
            SELECT b.first_id FROM delivery_batches b WHERE b.send_id = deliveries.send_id AND b.first_id <= deliveries.id ORDER BY b.first_id DESC LIMIT 1)
        WHERE state IN (1, 6);
        """;
}
