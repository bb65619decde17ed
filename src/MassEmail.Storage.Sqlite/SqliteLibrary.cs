using SQLitePCL;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// Settings of the SQLite library itself, which hold for the whole process. SQLite counts every allocation it makes
/// (memory statistics, on by default) under one process-wide mutex, which the writers' connection, the readers and the
/// audience's read-ahead, each on its own thread, then take in turn: in a send's profile the thread-pool workers, which
/// run the writes, blocked on it ~20 times a second (bench/README.md, "Mass send pipeline"). The store reads none of
/// those statistics, so they are turned off. SQLite accepts the setting only before it initialises,
/// i.e. before the process opens its first connection; <see cref="SqliteConnectionFactory"/>, the only way the store opens
/// one, applies it first.
/// </summary>
internal static class SqliteLibrary
{
    /// <summary>SQLITE_CONFIG_MEMSTATUS (sqlite3.h).</summary>
    private const int ConfigMemoryStatistics = 9;

    private static readonly Lazy<bool> Configured = new(() =>
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(ConfigMemoryStatistics, 0) == raw.SQLITE_OK;
    });

    /// <summary>
    /// Applies the settings once; true when SQLite keeps no memory statistics, false when the process had opened a
    /// connection before (SQLite then refuses the setting and works as before).
    /// </summary>
    public static bool Configure() => Configured.Value;
}
