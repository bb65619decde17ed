using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// The statements kept prepared on the writers' connection (<see cref="SqliteWrite.Prepared"/>), one per SQL text.
/// Preparing a statement costs SQLite a parse and a plan, more than running it once for a small row; a checkpoint of
/// a batch ran four such statements, each prepared anew, for a few dozen rows. Used under the write gate only, so by
/// one writer at a time; the texts are constants, so the set stays small.
/// </summary>
internal sealed class PreparedStatements : IDisposable
{
    private readonly Dictionary<string, SqliteStatement> kept = new(StringComparer.Ordinal);

    /// <summary>The statement for <paramref name="sql"/>, ready to bind; disposing it readies it for the next use.</summary>
    public SqliteStatement Get(SqliteConnection connection, string sql)
    {
        if (!kept.TryGetValue(sql, out var statement))
        {
            statement = SqliteStatement.Kept(connection, sql);
            kept.Add(sql, statement);
        }

        statement.Take();
        return statement;
    }

    /// <summary>Finalizes every kept statement (before their connection closes).</summary>
    public void Dispose()
    {
        foreach (var statement in kept.Values)
        {
            statement.Close();
        }

        kept.Clear();
    }
}
