namespace MassEmail.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite store (configuration section <see cref="SectionName"/>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>
    /// Path of the database file, absolute or relative to the working directory. Its directory is
    /// created at start-up. The <c>-wal</c> and <c>-shm</c> files live beside it. <c>:memory:</c> is
    /// refused: every pooled connection would see its own empty database.
    /// </summary>
    public string Path { get; set; } = "massemail.db";

    /// <summary>
    /// How long, in milliseconds, a statement waits for another connection's write lock before it
    /// fails with "database is locked". SQLite allows one writer at a time.
    /// </summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
