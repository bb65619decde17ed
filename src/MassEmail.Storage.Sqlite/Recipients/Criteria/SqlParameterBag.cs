using Dapper;

namespace MassEmail.Storage.Sqlite.Recipients.Criteria;

/// <summary>Values of a generated query: every operand is bound as a parameter, never written into the SQL.</summary>
internal sealed class SqlParameterBag
{
    private readonly DynamicParameters parameters = new();
    private int next;

    public DynamicParameters Parameters => parameters;

    /// <summary>Binds <paramref name="value"/> under a fresh name and returns the name to write into the SQL.</summary>
    public string Add(object? value)
    {
        var name = $"@f{next++}";
        parameters.Add(name, value);
        return name;
    }

    /// <summary>Binds a value under a chosen name (fixed parameters of the query around a filter).</summary>
    public void Set(string name, object? value) => parameters.Add(name, value);
}
