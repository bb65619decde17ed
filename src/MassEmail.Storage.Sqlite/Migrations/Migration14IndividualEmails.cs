namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 14: individual emails (SendEmail) under their idempotency key: stored PENDING before anything else happens,
/// SENDING before the provider call, SENT or FAILED after it, so a retried call never sends twice.
/// </summary>
internal static class Migration14IndividualEmails
{
    public const string Sql = """
        CREATE TABLE individual_emails (
            org_id          TEXT    NOT NULL,
            idempotency_key TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            fingerprint     TEXT    NOT NULL,
            user_id         TEXT    NOT NULL,
            module          INTEGER NOT NULL,
            record_id       TEXT    NOT NULL,
            template_id     TEXT    NOT NULL,
            state           INTEGER NOT NULL,
            holder          TEXT    NOT NULL,
            lease_until     INTEGER NOT NULL,
            to_address      TEXT    NOT NULL,
            message_id      TEXT    NOT NULL,
            error           TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (org_id, idempotency_key)
        ) STRICT, WITHOUT ROWID;
        """;
}
