namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 7: why a record's address is invalid, as the parser said when the record was written. Records flagged
/// before have none; records an earlier build stored as valid whose address the parser now refuses keep
/// their status here, and the send snapshot checks each address again, so they are skipped, never mailed.
/// </summary>
internal static class Migration07InvalidAddressReason
{
    public const string Sql = """
        ALTER TABLE records ADD COLUMN email_invalid_reason TEXT NOT NULL DEFAULT '';
        """;
}
