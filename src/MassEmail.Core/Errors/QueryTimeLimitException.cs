namespace MassEmail.Core.Errors;

/// <summary>
/// A store stopped a query at its configured time limit (e.g. criteria so broad, or a module so large, that the search
/// reads too much). Nothing was changed; narrowing the criteria, or raising the store's limit, lets it complete. Mapped to
/// DEADLINE_EXCEEDED with reason <c>QUERY_TIME_LIMIT</c>.
/// </summary>
public sealed class QueryTimeLimitException(string operation, TimeSpan limit)
    : DomainException($"The {operation} query ran longer than the store's time limit of {limit.TotalSeconds:0.###} s and was stopped; narrow the criteria.")
{
    /// <summary>What the query was for, e.g. <c>record search</c>.</summary>
    public string Operation { get; } = operation;

    public TimeSpan Limit { get; } = limit;
}
