namespace MassEmail.Storage.Sqlite.Migrations;

/// <summary>
/// Migration 6: the fingerprint of the request that started a send, so that its idempotency key is refused for
/// another request. Sends stored before have none (NULL): Core computes theirs from their stored
/// request fields (module, template, address choices, audience), which hold the same values.
/// </summary>
internal static class Migration06SendFingerprint
{
    public const string Sql = """
        ALTER TABLE mass_sends ADD COLUMN request_fingerprint TEXT NULL;
        """;
}
