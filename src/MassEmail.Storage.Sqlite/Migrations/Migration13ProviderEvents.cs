namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 13: the provider's events about the messages of sends (bounces of every type, complaints, deliveries, opens,
/// clicks), one row per event and recipient, with the provider's message id the delivery row holds.
/// </summary>
internal static class Migration13ProviderEvents
{
    public const string Sql = """
        CREATE TABLE delivery_events (
            org_id              TEXT    NOT NULL,
            send_id             TEXT    NOT NULL,
            event_id            TEXT    NOT NULL,
            email_key           TEXT    NOT NULL,
            provider_message_id TEXT    NOT NULL,
            kind                TEXT    NOT NULL,
            bounce              INTEGER NOT NULL,
            sub_type            TEXT    NOT NULL,
            at                  INTEGER NOT NULL,
            PRIMARY KEY (org_id, send_id, event_id, email_key)
        ) STRICT;
        """;
}
