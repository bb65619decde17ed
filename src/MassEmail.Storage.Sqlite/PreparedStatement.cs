using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>
/// One statement prepared once and executed for every row of a batch, binding values by position:
/// much cheaper per row than building a command (or a Dapper call) for each.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedStatement(SqliteConnection db, SqliteTransaction tx, string sql, params string[] names)
    {
        command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        parameters = [.. names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n, Value = DBNull.Value }))];
        command.Prepare();
    }

    /// <summary>Runs the statement with <paramref name="values"/> in the order of the names; returns the rows changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    public void Dispose() => command.Dispose();
}
