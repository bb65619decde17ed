namespace MassEmail.Storage.Sqlite.Connections;

/// <summary>
/// Migration 24 (issue 14 item 6): the lookups of the public webhook endpoint. Its URL names a connection only (ids are
/// unique across organisations), and a vendor's event names an address: the records of that address in one module.
/// Kept in its own file so that a renumbering at merge touches one line of <see cref="SqliteSchema"/>.
/// </summary>
internal static class WebhookLookupsMigration
{
    public const string Sql = """
        CREATE INDEX ix_plugin_connections_id ON plugin_connections (id);
        CREATE INDEX ix_records_email ON records (org_id, module, email_key, id);
        """;
}
