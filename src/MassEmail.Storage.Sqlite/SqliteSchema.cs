using MassEmail.Storage.Sqlite.Migrations;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The whole schema, as an append-only list of migrations: entry <c>i</c> moves the file from
/// <c>PRAGMA user_version = i</c> to <c>i + 1</c>. Never edit a shipped entry; append a new one.
/// </summary>
/// <remarks>
/// Every table carries <c>org_id</c> and every index starts with it, so each query an organisation
/// makes touches only its own rows. Times are Unix milliseconds. Tables are STRICT so a wrongly
/// typed value fails at once instead of being stored as something else.
/// </remarks>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: tenancy and templates.
        """
        CREATE TABLE organisations (
            org_id                    TEXT    NOT NULL PRIMARY KEY,
            name                      TEXT    NOT NULL,
            edition                   INTEGER NOT NULL,
            email                     TEXT    NOT NULL,
            street                    TEXT    NOT NULL,
            city                      TEXT    NOT NULL,
            region                    TEXT    NOT NULL,
            postal_code               TEXT    NOT NULL,
            country                   TEXT    NOT NULL,
            bulk_daily_limit_override INTEGER NULL,
            created_at                INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE users (
            org_id     TEXT    NOT NULL REFERENCES organisations (org_id),
            id         TEXT    NOT NULL,
            email      TEXT    NOT NULL,
            email_key  TEXT    NOT NULL,
            first_name TEXT    NOT NULL,
            last_name  TEXT    NOT NULL,
            active     INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_users_email ON users (org_id, email_key);

        -- Keyed by id alone: authentication finds a key before it knows the organisation.
        CREATE TABLE api_keys (
            id          TEXT    NOT NULL PRIMARY KEY,
            org_id      TEXT    NOT NULL,
            user_id     TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            secret_hash BLOB    NOT NULL,
            permissions INTEGER NOT NULL,
            created_at  INTEGER NOT NULL,
            revoked_at  INTEGER NULL,
            FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
        ) STRICT;
        CREATE INDEX ix_api_keys_org ON api_keys (org_id, created_at DESC, id DESC);
        CREATE INDEX ix_api_keys_user ON api_keys (org_id, user_id);

        CREATE TABLE template_folders (
            org_id     TEXT    NOT NULL REFERENCES organisations (org_id),
            id         TEXT    NOT NULL,
            name       TEXT    NOT NULL,
            name_key   TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_template_folders_name ON template_folders (org_id, name_key);

        -- folder_id has no foreign key: the Mongo store cannot enforce one, and both stores must
        -- behave alike; Core checks AnyInFolder before it deletes a folder.
        CREATE TABLE templates (
            org_id                TEXT    NOT NULL REFERENCES organisations (org_id),
            id                    TEXT    NOT NULL,
            name                  TEXT    NOT NULL,
            name_key              TEXT    NOT NULL,
            folder_id             TEXT    NULL,
            subject               TEXT    NOT NULL,
            html_body             TEXT    NOT NULL,
            text_body             TEXT    NULL,
            from_address          TEXT    NULL,
            from_display_name     TEXT    NULL,
            reply_to_address      TEXT    NULL,
            reply_to_display_name TEXT    NULL,
            engine                INTEGER NOT NULL,
            description           TEXT    NOT NULL,
            version               INTEGER NOT NULL,
            created_at            INTEGER NOT NULL,
            updated_at            INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        -- Serves uniqueness and the (name_key, id) keyset listing of a whole organisation.
        CREATE UNIQUE INDEX ux_templates_name ON templates (org_id, name_key);
        -- Serves AnyInFolder and listings filtered by folder.
        CREATE INDEX ix_templates_folder ON templates (org_id, folder_id, name_key);
        """,

        // 2: recipients: records, custom fields, custom views, mailing lists and subscriptions.
        """
        -- custom is a JSON object with native JSON values (strings, numbers, true/false, arrays of
        -- strings; dates as Unix-ms numbers) so json_extract compares them as the criteria need.
        -- JSON has no date type: custom_dates lists the keys holding dates (NULL when none), so a read
        -- returns Date values, not Numbers.
        -- Clustered by (org_id, module, id), WITHOUT ROWID: the table is its own key index, so an import
        -- writes two b-trees per record (this and the external id), and a module's records are read in id
        -- order from the table itself. A lookup by id alone seeks once per module (RecordKeys.AnyModule).
        CREATE TABLE records (
            org_id             TEXT    NOT NULL REFERENCES organisations (org_id),
            module             INTEGER NOT NULL,
            id                 TEXT    NOT NULL,
            external_id        TEXT    NOT NULL,
            name               TEXT    NOT NULL,
            first_name         TEXT    NOT NULL,
            last_name          TEXT    NOT NULL,
            email              TEXT    NOT NULL,
            email_normalized   TEXT    NOT NULL,
            email_status       INTEGER NOT NULL,
            email_key          TEXT    NOT NULL,
            phone              TEXT    NOT NULL,
            owner_user_id      TEXT    NULL,
            client_external_id TEXT    NULL,
            email_opt_out      INTEGER NOT NULL,
            custom             TEXT    NOT NULL,
            custom_dates       TEXT    NULL,
            content_hash       TEXT    NOT NULL,
            created_at         INTEGER NOT NULL,
            updated_at         INTEGER NOT NULL,
            PRIMARY KEY (org_id, module, id)
        ) STRICT, WITHOUT ROWID;
        -- The upsert's key; also finds a client by its external id for client criteria.
        CREATE UNIQUE INDEX ux_records_external_id ON records (org_id, module, external_id);
        -- No index on email_key or client_external_id: no query needs one (duplicates are found within an
        -- audience, client criteria run once as a subquery), and an index in random key order costs each
        -- import batch a dirty page per record (measured: import three times slower with both).

        -- A definition is never replaced, so the key is the whole identity.
        CREATE TABLE custom_fields (
            org_id     TEXT    NOT NULL REFERENCES organisations (org_id),
            module     INTEGER NOT NULL,
            name       TEXT    NOT NULL,
            type       INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, module, name)
        ) STRICT;

        CREATE TABLE custom_views (
            org_id        TEXT    NOT NULL REFERENCES organisations (org_id),
            id            TEXT    NOT NULL,
            module        INTEGER NOT NULL,
            name          TEXT    NOT NULL,
            name_key      TEXT    NOT NULL,
            criteria_json TEXT    NOT NULL,
            version       INTEGER NOT NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_custom_views_name ON custom_views (org_id, module, name_key);
        -- Listing every module's views by name.
        CREATE INDEX ix_custom_views_name ON custom_views (org_id, name_key, id);

        CREATE TABLE mailing_lists (
            org_id        TEXT    NOT NULL REFERENCES organisations (org_id),
            id            TEXT    NOT NULL,
            module        INTEGER NOT NULL,
            name          TEXT    NOT NULL,
            name_key      TEXT    NOT NULL,
            is_dynamic    INTEGER NOT NULL,
            criteria_json TEXT    NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_mailing_lists_name ON mailing_lists (org_id, name_key);

        -- No foreign keys to records or lists: the Mongo store cannot enforce them, so the stores
        -- delete subscriptions themselves when a record or a list goes.
        CREATE TABLE list_subscriptions (
            org_id    TEXT    NOT NULL,
            list_id   TEXT    NOT NULL,
            record_id TEXT    NOT NULL,
            state     INTEGER NOT NULL,
            source    TEXT    NOT NULL,
            at        INTEGER NOT NULL,
            PRIMARY KEY (org_id, list_id, record_id)
        ) STRICT, WITHOUT ROWID;
        -- A record's states on every list, and their removal with the record.
        CREATE INDEX ix_list_subscriptions_record ON list_subscriptions (org_id, record_id, list_id);
        """,

        // 3: mass sends, deliveries, quota counters.
        """
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
        """,

        // 4: per-send delivery counts, kept in step with every state change of deliveries (in the same
        // transaction), so progress of a million-row send is six row reads instead of a scan.
        """
        CREATE TABLE delivery_counts (
            send_id TEXT    NOT NULL,
            state   INTEGER NOT NULL,
            org_id  TEXT    NOT NULL,
            n       INTEGER NOT NULL,
            PRIMARY KEY (send_id, state)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO delivery_counts (send_id, state, org_id, n)
        SELECT s.send_id, st.value, s.org_id,
               (SELECT count(*) FROM deliveries d WHERE d.send_id = s.send_id AND d.state = st.value)
        FROM (SELECT DISTINCT send_id, org_id FROM deliveries) s, json_each('[1,2,3,4,5,6]') st;
        """,

        // 5: deliveries keyed by (send_id, id), and indexes only on the rows a query looks for: a row
        // enters and leaves the pending and claimed indexes once each and never touches an index when
        // it turns SENT (an index on state alone moved every row twice). Measured: a million-row send
        // spends about a fifth less time in SQLite. Every query names the send, so no index on id alone.
        """
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
        """,

        // 6: the fingerprint of the request that started a send, so that its idempotency key is refused for
        // another request. Sends stored before have none (NULL): Core computes theirs from their stored
        // request fields (module, template, address choices, audience), which hold the same values.
        """
        ALTER TABLE mass_sends ADD COLUMN request_fingerprint TEXT NULL;
        """,

        // 7: why a record's address is invalid, as the parser said when the record was written. Records flagged
        // before have none; records an earlier build stored as valid whose address the parser now refuses keep
        // their status here, and the send snapshot checks each address again, so they are skipped, never mailed.
        """
        ALTER TABLE records ADD COLUMN email_invalid_reason TEXT NOT NULL DEFAULT '';
        """,

        // 8: the shares of each provider account's send rate held by the instances on this store (one row per account,
        // rewritten with compare-and-set on version). The one table without org_id: the account serves every organisation.
        """
        CREATE TABLE rate_groups (
            group_key TEXT    NOT NULL PRIMARY KEY,
            version   INTEGER NOT NULL,
            throttles INTEGER NOT NULL,
            members   TEXT    NOT NULL
        ) STRICT;
        """,

        // 9: the unsubscribe key ring, one row written with compare-and-set on version. Without org_id: the ring signs
        // every organisation's links.
        """
        CREATE TABLE signing_key_rings (
            ring    TEXT    NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            keys    TEXT    NOT NULL
        ) STRICT;
        """,

        // 10: batch claims. The snapshot writes, beside the delivery rows and in the same transaction, one claim unit per
        // batch of PENDING rows (keyed by its lowest delivery id, which each of its rows carries in batch_id); workers claim
        // and lease batches, never rows. in_flight_id is the highest delivery id of the batch whose provider call may have
        // started: after a crash only PENDING rows up to it turn UNKNOWN. Rows an earlier build left CLAIMED belong to a
        // stopped worker (the file is being upgraded): UNKNOWN, as their lease expiry would have made them. The PENDING and
        // UNKNOWN rows (which a requeue may make PENDING) get batches of 50 in id order, DONE where none is PENDING.
        """
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
        """,

        // 11: each organisation's suppression list, one row per address key (the records' email_key form), in key
        // order for listing and for the bulk lookups of the send snapshot and dispatch.
        """
        CREATE TABLE suppressions (
            org_id    TEXT    NOT NULL,
            email_key TEXT    NOT NULL,
            email     TEXT    NOT NULL,
            reason    INTEGER NOT NULL,
            source    TEXT    NOT NULL,
            detail    TEXT    NOT NULL,
            at        INTEGER NOT NULL,
            PRIMARY KEY (org_id, email_key)
        ) STRICT;
        """,

        // 12: the provider events (SNS message ids) already applied, so a retried event is applied once. Without org_id:
        // one SNS topic carries every organisation's events.
        """
        CREATE TABLE processed_events (
            event_id     TEXT    NOT NULL PRIMARY KEY,
            kind         TEXT    NOT NULL,
            processed_at INTEGER NOT NULL
        ) STRICT;
        """,

        // 13: the provider's events about the messages of sends (bounces of every type, complaints, deliveries, opens,
        // clicks), one row per event and recipient, with the provider's message id the delivery row holds.
        """
        CREATE TABLE delivery_events (
            org_id              TEXT    NOT NULL,
            send_id             TEXT    NOT NULL,
            event_id            TEXT    NOT NULL,
            email_key           TEXT    NOT NULL,
            provider_message_id TEXT    NOT NULL,
            kind                TEXT    NOT NULL,
            bounce              INTEGER NOT NULL,
            sub_type            TEXT    NOT NULL,
            at                  INTEGER NOT NULL,
            PRIMARY KEY (org_id, send_id, event_id, email_key)
        ) STRICT;
        """,

        // 14: individual emails (SendEmail) under their idempotency key: stored PENDING before anything else happens,
        // SENDING before the provider call, SENT or FAILED after it, so a retried call never sends twice.
        """
        CREATE TABLE individual_emails (
            org_id          TEXT    NOT NULL,
            idempotency_key TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            fingerprint     TEXT    NOT NULL,
            user_id         TEXT    NOT NULL,
            module          INTEGER NOT NULL,
            record_id       TEXT    NOT NULL,
            template_id     TEXT    NOT NULL,
            state           INTEGER NOT NULL,
            holder          TEXT    NOT NULL,
            lease_until     INTEGER NOT NULL,
            to_address      TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            error           TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (org_id, idempotency_key)
        ) STRICT, WITHOUT ROWID;
        """,

        // 15 (issue 12 item 5): every opt-out and list (un)subscription with its source and time, and the outbox the
        // plugin layer publishes them from, in write order (seq). A change, its history row and its outbox row are
        // written in one transaction. Kept when the record or list is deleted: published events must stay exact.
        """
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
        """,

        // 16 (issue 10 item 5): quota settlement of mass sends, in its own file.
        QuotaSettlementMigration.Sql,
        // 17 (issue 13): schedules, their occurrences and the change marker; see SchedulesMigration.
        Scheduling.SchedulesMigration.Sql,
        // 18 (issue 13 items 2 and 6): slot versions, run slots, the waiting line; see ScheduleSlotsMigration.
        Scheduling.ScheduleSlotsMigration.Sql,
        // 19 (issue 13 item 8): macros; see MacrosMigration.
        Macros.MacrosMigration.Sql,
    ];
}
