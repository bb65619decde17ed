namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 20 (issue 14): the Data Protection key ring, one row per stored element, insert-only. Without org_id: the
/// ring protects every organisation's secrets. <c>seq</c> keeps the order elements were stored in; the friendly name is
/// a label and may repeat. Kept in its own file so that a renumbering at merge touches one line of
/// <see cref="SqliteSchema"/>.
/// </summary>
internal static class DataProtectionKeysMigration
{
    public const string Sql = """
        CREATE TABLE data_protection_keys (
            seq           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            friendly_name TEXT    NOT NULL,
            xml           TEXT    NOT NULL
        ) STRICT;
        """;
}
