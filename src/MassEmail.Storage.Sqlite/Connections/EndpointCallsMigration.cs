namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>
/// Migration 28 (issue 14): the calls every instance made to each vendor endpoint of each connection, counted per window
/// in fixed buckets (see <see cref="MassEmail.Core.Connections.EndpointWindows"/>), and each endpoint's lock, so that the
/// instances on one file keep inside the vendor's windows together. No org_id, like <c>access_tokens</c>: rows are keyed
/// by a connection id (unique across organisations) and only the service reads them. A bucket goes once it expired
/// (deleted by the next call to its endpoint); a connection has one lock row per endpoint it was locked on.
/// </summary>
internal static class EndpointCallsMigration
{
    public const string Sql = """
        CREATE TABLE endpoint_calls (
            connection_id TEXT    NOT NULL,
            endpoint      TEXT    NOT NULL,
            period_ms     INTEGER NOT NULL,
            bucket_start  INTEGER NOT NULL,
            expires_at    INTEGER NOT NULL,
            calls         INTEGER NOT NULL,
            PRIMARY KEY (connection_id, endpoint, period_ms, bucket_start)
        ) STRICT;
        CREATE TABLE endpoint_locks (
            connection_id TEXT    NOT NULL,
            endpoint      TEXT    NOT NULL,
            locked_until  INTEGER NOT NULL,
            PRIMARY KEY (connection_id, endpoint)
        ) STRICT;
        """;
}
