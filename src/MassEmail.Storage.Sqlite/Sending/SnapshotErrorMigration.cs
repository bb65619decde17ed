namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// Migration 30: each mass send keeps why the last attempt at its audience snapshot failed (<c>snapshot_error</c>, see
/// <see cref="Core.Sending.MassSend.SnapshotError"/>), so that a send whose snapshot is being retried says why. Sends
/// stored before read as never failed.
/// </summary>
internal static class SnapshotErrorMigration
{
    public const string Sql = """
        ALTER TABLE mass_sends ADD COLUMN snapshot_error TEXT NOT NULL DEFAULT '';
        """;
}
