using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// Statements prepared on one kept connection, by their SQL, for as long as it is open (see
/// <see cref="SqliteWrite.Prepared"/>). Used by one writer at a time, under the write gate.
/// </summary>
internal sealed class PreparedStatements(SqliteConnection db) : IDisposable
{
    private readonly Dictionary<string, SqliteStatement> statements = new(StringComparer.Ordinal);

    /// <summary>The statement for <paramref name="sql"/>, prepared at its first use; disposing it readies it for the next.</summary>
    public SqliteStatement Take(string sql)
    {
        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = SqliteStatement.Kept(db, sql);
            statements.Add(sql, statement);
        }

        return statement.Take();
    }

    /// <summary>Finalizes every statement (before the connection closes).</summary>
    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Close();
        }

        statements.Clear();
    }
}
