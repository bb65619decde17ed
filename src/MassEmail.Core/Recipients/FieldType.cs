namespace MassEmail.Core.Recipients;

/// <summary>The type of a field's values. A custom field's type is fixed when it is first defined.</summary>
public enum FieldType
{
    String = 1,
    Number = 2,
    Bool = 3,

    /// <summary>An instant, stored as Unix milliseconds (UTC).</summary>
    Date = 4,

    /// <summary>A list of strings, e.g. skills.</summary>
    List = 5,
}
