namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 12: the provider events (SNS message ids) already applied, so a retried event is applied once. Without org_id:
/// one SNS topic carries every organisation's events.
/// </summary>
internal static class Migration12AppliedProviderEvents
{
    public const string Sql = """
        CREATE TABLE processed_events (
            event_id     TEXT    NOT NULL PRIMARY KEY,
            kind         TEXT    NOT NULL,
            processed_at INTEGER NOT NULL
        ) STRICT;
        """;
}
