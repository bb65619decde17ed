namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 2: recipients: records, custom fields, custom views, mailing lists and subscriptions.
/// </summary>
internal static class Migration02Recipients
{
    public const string Sql = """
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
        """;
}
