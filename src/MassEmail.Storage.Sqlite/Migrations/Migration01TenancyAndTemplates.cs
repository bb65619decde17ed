namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 1: tenancy and templates.
/// </summary>
internal static class Migration01TenancyAndTemplates
{
    public const string Sql = """
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
        """;
}
