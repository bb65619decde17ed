namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 9: the unsubscribe key ring, one row written with compare-and-set on version. Without org_id: the ring signs
/// every organisation's links.
/// </summary>
internal static class Migration09UnsubscribeKeyRing
{
    public const string Sql = """
        CREATE TABLE signing_key_rings (
            ring    TEXT    NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            keys    TEXT    NOT NULL
        ) STRICT;
        """;
}
