namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 8: the shares of each provider account's send rate held by the instances on this store (one row per account,
/// rewritten with compare-and-set on version). The one table without org_id: the account serves every organisation.
/// </summary>
internal static class Migration08RateShares
{
    public const string Sql = """
        CREATE TABLE rate_groups (
            group_key TEXT    NOT NULL PRIMARY KEY,
            version   INTEGER NOT NULL,
            throttles INTEGER NOT NULL,
            members   TEXT    NOT NULL
        ) STRICT;
        """;
}
