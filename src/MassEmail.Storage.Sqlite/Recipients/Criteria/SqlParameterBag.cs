using Dapper;

namespace MassEmail.Storage.Sqlite.Recipients.Criteria;

/// <summary>Values of a generated query: every operand is bound as a parameter, never written into the SQL.</summary>
internal sealed class SqlParameterBag
{
    private readonly List<(string Name, object? Value)> values = [];
    private int next;

    /// <summary>The values for Dapper, made from the bag's (which <see cref="BindTo"/> binds without it).</summary>
    public DynamicParameters Parameters
    {
        get
        {
            var parameters = new DynamicParameters();
            foreach (var (name, value) in values)
            {
                parameters.Add(name, value);
            }

            return parameters;
        }
    }

    /// <summary>Binds <paramref name="value"/> under a fresh name and returns the name to write into the SQL.</summary>
    public string Add(object? value)
    {
        var name = $"@f{next++}";
        Set(name, value);
        return name;
    }

    /// <summary>Binds a value under a chosen name (fixed parameters of the query around a filter).</summary>
    public void Set(string name, object? value) => values.Add((name, value));

    /// <summary>
    /// Binds the values to a statement by their names, as Microsoft.Data.Sqlite binds them for Dapper: text, integers
    /// (and booleans) as INTEGER, doubles as REAL. A name the SQL does not use is left out, as SQLite leaves it.
    /// </summary>
    public void BindTo(SqliteStatement statement)
    {
        foreach (var (name, value) in values)
        {
            var index = statement.ParameterIndex(name);
            if (index == 0)
            {
                continue;
            }

            switch (value)
            {
                case null:
                    statement.Bind(index, (string?)null);
                    break;
                case string text:
                    statement.Bind(index, text);
                    break;
                case long integer:
                    statement.Bind(index, integer);
                    break;
                case int integer:
                    statement.Bind(index, integer);
                    break;
                case bool flag:
                    statement.Bind(index, flag ? 1L : 0L);
                    break;
                case double real:
                    statement.Bind(index, real);
                    break;
                default:
                    throw new NotSupportedException($"A query parameter of type {value.GetType().Name} has no binding here ({name}).");
            }
        }
    }
}
