namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 4: per-send delivery counts, kept in step with every state change of deliveries (in the same
/// transaction), so progress of a million-row send is six row reads instead of a scan.
/// </summary>
internal static class Migration04DeliveryCounts
{
    public const string Sql = """
        CREATE TABLE delivery_counts (
            send_id TEXT    NOT NULL,
            state   INTEGER NOT NULL,
            org_id  TEXT    NOT NULL,
            n       INTEGER NOT NULL,
            PRIMARY KEY (send_id, state)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO delivery_counts (send_id, state, org_id, n)
        SELECT s.send_id, st.value, s.org_id,
               (SELECT count(*) FROM deliveries d WHERE d.send_id = s.send_id AND d.state = st.value)
        FROM (SELECT DISTINCT send_id, org_id FROM deliveries) s, json_each('[1,2,3,4,5,6]') st;
        """;
}
