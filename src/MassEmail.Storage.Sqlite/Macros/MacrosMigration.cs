namespace MassEmail.Storage.Sqlite.Macros;

/// <summary>
/// Migration 19 (issue 13 item 8): macros, one name per organisation. Kept in its own file so that a renumbering at
/// merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class MacrosMigration
{
    public const string Sql = """
        CREATE TABLE macros (
            org_id          TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            module          INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            name_key        TEXT    NOT NULL,
            template_id     TEXT    NOT NULL,
            from_choice     INTEGER NOT NULL,
            reply_to_choice INTEGER NOT NULL,
            created_by      TEXT    NOT NULL,
            version         INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        ) STRICT;
        CREATE UNIQUE INDEX ux_macros_name ON macros (org_id, name_key);
        """;
}
