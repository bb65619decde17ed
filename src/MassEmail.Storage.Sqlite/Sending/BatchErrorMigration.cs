namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// Migration 31: each mass send keeps why the last attempt at sending one of its batches failed (<c>batch_error</c>, see
/// <see cref="Core.Sending.MassSend.BatchError"/>), so that a send whose batches are being retried says why. Sends stored
/// before read as never failed.
/// </summary>
internal static class BatchErrorMigration
{
    public const string Sql = """
        ALTER TABLE mass_sends ADD COLUMN batch_error TEXT NOT NULL DEFAULT '';
        """;
}
