namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>
/// Migration 21 (issue 14): campaign-tool connections (one name per organisation; credentials stored as ciphertext only)
/// and the access tokens every instance shares, with the lease of the instance refreshing one. <c>access_tokens</c> has
/// no org_id: its key names a connection, whose ids are unique across organisations, and only the service reads it.
/// Kept in its own file so that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class ConnectionsMigration
{
    public const string Sql = """
        CREATE TABLE plugin_connections (
            org_id                TEXT    NOT NULL,
            id                    TEXT    NOT NULL,
            vendor                TEXT    NOT NULL,
            name                  TEXT    NOT NULL,
            name_key              TEXT    NOT NULL,
            data_centre           TEXT    NOT NULL,
            protected_credentials TEXT    NOT NULL,
            credential_names      TEXT    NOT NULL,
            created_by            TEXT    NOT NULL,
            created_at            INTEGER NOT NULL,
            version               INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_plugin_connections_name ON plugin_connections (org_id, name_key);
        CREATE TABLE access_tokens (
            cache_key       TEXT    NOT NULL PRIMARY KEY,
            protected_token TEXT,
            fingerprint     TEXT,
            expires_at      INTEGER,
            holder          TEXT,
            lease_until     INTEGER
        ) STRICT;
        """;
}
