using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// One statement prepared on an open connection's own SQLite handle, bound by position and stepped
/// directly: for the few loops that run a statement per row (the import, a batch's deliveries). A
/// <see cref="SqliteCommand"/> looks every parameter up by name and builds a data reader on each
/// execution, which for a small row costs more than SQLite's own work (measured). Dispose it before
/// the connection goes back to the pool. A statement kept by <see cref="PreparedStatements"/> is reset instead, and
/// finalized by <see cref="Close"/>.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    /// <summary>Text up to this length is bound as UTF-8 encoded on the stack (3 bytes per UTF-16 unit at most).</summary>
    private const int StackText = 128;

    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly bool kept;
    private bool taken;

    /// <summary>The native handles, for <see cref="SqliteNative"/>: <see cref="db"/> and <see cref="statement"/> keep them alive. Zero once finalized (SQLite refuses a null statement).</summary>
    private readonly IntPtr dbHandle;
    private IntPtr handle;

    public SqliteStatement(SqliteConnection connection, string sql)
        : this(connection, sql, kept: false)
    {
    }

    private SqliteStatement(SqliteConnection connection, string sql, bool kept)
    {
        this.kept = kept;
        db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        dbHandle = db.DangerousGetHandle();
        handle = statement.DangerousGetHandle();
    }

    /// <summary>A statement kept for reuse: <see cref="Dispose"/> readies it for the next use, <see cref="Close"/> finalizes it.</summary>
    public static SqliteStatement Kept(SqliteConnection connection, string sql) => new(connection, sql, kept: true);

    /// <summary>
    /// Binds text, or NULL for null. Short text (most of it: ids, addresses) is encoded to UTF-8 here, which is what
    /// SQLite stores; SQLite would otherwise convert the UTF-16 itself, on the heap.
    /// </summary>
    public unsafe void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(SqliteNative.sqlite3_bind_null(handle, index));
        }
        else if (value.Length <= StackText)
        {
            byte* utf8 = stackalloc byte[StackText * 3];
            var n = Encoding.UTF8.GetBytes(value, new Span<byte>(utf8, StackText * 3));
            Check(SqliteNative.sqlite3_bind_text(handle, index, utf8, n, SqliteNative.Transient));
        }
        else
        {
            fixed (char* text = value)
            {
                Check(SqliteNative.sqlite3_bind_text16(handle, index, text, value.Length * sizeof(char), SqliteNative.Transient));
            }
        }
    }

    public void Bind(int index, long value) => Check(SqliteNative.sqlite3_bind_int64(handle, index, value));

    /// <summary>Binds an integer, or NULL for null.</summary>
    public void Bind(int index, long? value) =>
        Check(value is { } v ? SqliteNative.sqlite3_bind_int64(handle, index, v) : SqliteNative.sqlite3_bind_null(handle, index));

    /// <summary>Binds a floating-point number (REAL).</summary>
    public void Bind(int index, double value) => Check(SqliteNative.sqlite3_bind_double(handle, index, value));

    /// <summary>The position of the parameter named <paramref name="name"/> (with its prefix, e.g. <c>@orgId</c>), or 0 if the SQL has none.</summary>
    public int ParameterIndex(string name) => raw.sqlite3_bind_parameter_index(statement, name);

    /// <summary>Binds UTF-8 text; SQLite copies it, so the buffer may be reused at once.</summary>
    public unsafe void BindUtf8(int index, ReadOnlySpan<byte> value)
    {
        // A pointer is needed even for empty text: a null one would bind NULL.
        byte none = 0;
        fixed (byte* text = value)
        {
            Check(SqliteNative.sqlite3_bind_text(handle, index, value.IsEmpty ? &none : text, value.Length, SqliteNative.Transient));
        }
    }

    /// <summary>Runs the statement to its next row: true at a row, false when done. <see cref="Reset"/> before running it again.</summary>
    public bool Step()
    {
        var rc = SqliteNative.sqlite3_step(handle);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return false;
    }

    /// <summary>Rows the last INSERT, UPDATE or DELETE on the connection changed.</summary>
    public int Changes => SqliteNative.sqlite3_changes(dbHandle);

    /// <summary>Text of <paramref name="column"/> in the current row.</summary>
    public string GetString(int column) => Encoding.UTF8.GetString(GetUtf8(column));

    /// <summary>The UTF-8 bytes of <paramref name="column"/> in the current row, valid until the next step or reset.</summary>
    public unsafe ReadOnlySpan<byte> GetUtf8(int column)
    {
        // The pointer first, then the length: SQLite's documented order (the pointer call may convert the value).
        var bytes = SqliteNative.sqlite3_column_blob(handle, column);
        return new ReadOnlySpan<byte>(bytes, SqliteNative.sqlite3_column_bytes(handle, column));
    }

    /// <summary>The integer in <paramref name="column"/> of the current row (0 for NULL).</summary>
    public long GetInt64(int column) => SqliteNative.sqlite3_column_int64(handle, column);

    /// <summary>The text in <paramref name="column"/> of the current row, or null for NULL.</summary>
    public string? GetStringOrNull(int column) => IsNull(column) ? null : GetString(column);

    /// <summary>Whether <paramref name="column"/> of the current row is NULL.</summary>
    public bool IsNull(int column) => SqliteNative.sqlite3_column_type(handle, column) == raw.SQLITE_NULL;

    /// <summary>Readies the statement to run again; the bindings stay.</summary>
    public void Reset() => SqliteNative.sqlite3_reset(handle);

    /// <summary>Marks a kept statement in use; a second use before the first is disposed is a bug in the caller.</summary>
    public SqliteStatement Take()
    {
        if (taken)
        {
            throw new InvalidOperationException("A kept statement is already in use: dispose it before it is taken again.");
        }

        taken = true;
        return this;
    }

    /// <summary>Finalizes the statement; a kept one is reset with its bindings cleared instead, ready for its next use.</summary>
    public void Dispose()
    {
        if (!kept)
        {
            Close();
            return;
        }

        SqliteNative.sqlite3_reset(handle);
        SqliteNative.sqlite3_clear_bindings(handle);
        taken = false;
    }

    /// <summary>Finalizes the statement (a kept one, before its connection closes).</summary>
    public void Close()
    {
        handle = IntPtr.Zero;
        statement.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
