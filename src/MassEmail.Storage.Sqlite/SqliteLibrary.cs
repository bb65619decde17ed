using SQLitePCL;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// Process-wide settings of the SQLite library, applied before its first connection opens (SQLite refuses them
/// after that, and then keeps its defaults).
/// <list type="bullet">
/// <item>Multi-thread mode: no mutex around every call on a connection. The store never uses one connection from two
/// threads at once (a pooled connection has one user; the writers' connection is used under the write gate), which is
/// what the mode requires; its serialized default took a mutex for each bind, step and column read.</item>
/// <item>No allocator statistics: SQLite otherwise counts every allocation under one process-wide mutex, for which the
/// send's writer and readers contended.</item>
/// </list>
/// Measured with the writers' kept statements on the 1,000,000-recipient send (bench/README.md, "Kept statements and
/// multi-thread mode"): with the serialized default, mutexes were ~5 % of the server's CPU.
/// </summary>
internal static class SqliteLibrary
{
    private static readonly Lazy<bool> Configured = new(Apply);

    /// <summary>Applies the settings once per process; true when SQLite took them (false: a connection opened first).</summary>
    public static bool Configure() => Configured.Value;

    private static bool Apply()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK
            && raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
