namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 11: each organisation's suppression list, one row per address key (the records' email_key form), in key
/// order for listing and for the bulk lookups of the send snapshot and dispatch.
/// </summary>
internal static class Migration11Suppressions
{
    public const string Sql = """
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
        """;
}
