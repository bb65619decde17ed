namespace MassEmail.Storage.Sqlite.Syncs;

/// <summary>
/// Migration 22 (issue 14): sync definitions of plugin connections, one name per connection. What a definition does
/// and its status are JSON texts (<see cref="Core.Syncs.SyncDefinitionJson"/>), read whole and never queried into.
/// Kept in its own file so that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class SyncDefinitionsMigration
{
    public const string Sql = """
        CREATE TABLE sync_definitions (
            org_id        TEXT    NOT NULL,
            id            TEXT    NOT NULL,
            connection_id TEXT    NOT NULL,
            name          TEXT    NOT NULL,
            name_key      TEXT    NOT NULL,
            settings      TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            created_by    TEXT    NOT NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_sync_definitions_name ON sync_definitions (org_id, connection_id, name_key);
        """;
}
