using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Storage.Sqlite.Recipients.Criteria;

/// <summary>
/// Translates a <see cref="Filter"/> into a WHERE condition on <c>records</c>, with every operand bound
/// in a <see cref="SqlParameterBag"/>. Semantics are those of <see cref="FilterOperator"/>.
/// </summary>
/// <remarks>
/// SQL's NULL makes a bare comparison on a missing field unknown, which WHERE treats as false: right
/// for a positive condition. Only a negation needs a definite answer, so negations wrap the positive
/// form in <c>ifnull(…, 0)</c> and are the only place NOT appears. Positive conditions stay bare so the
/// planner can use indexes where it can.
/// </remarks>
internal sealed class FilterSql(SqlParameterBag parameters, string orgParameter)
{
    private const string Records = "r";
    private const string Clients = "c";

    /// <summary>The condition for <paramref name="filter"/> on the records of <paramref name="alias"/> (by default <c>r</c>).</summary>
    public string Translate(Filter filter, string alias = Records) => Node(filter, alias);

    private string Node(Filter filter, string alias) => filter switch
    {
        AllOf all => all.Children.Count == 0 ? "1" : "(" + string.Join(" AND ", all.Children.Select(c => Node(c, alias))) + ")",
        AnyOf any => any.Children.Count == 0 ? "0" : "(" + string.Join(" OR ", any.Children.Select(c => Node(c, alias))) + ")",

        // An uncorrelated subquery: SQLite runs it once, and a NULL client id is simply not in it.
        ClientMatches client => $"({alias}.client_external_id IN (SELECT {Clients}.external_id FROM records {Clients} "
            + $"WHERE {Clients}.org_id = {orgParameter} AND {Clients}.module = {(int)RecordModule.Clients} AND {Node(client.Inner, Clients)}))",
        FieldFilter field => field.Field.Type == FieldType.List ? ListField(field, alias) : ScalarField(field, alias),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    private string ScalarField(FieldFilter f, string alias)
    {
        var x = f.Field.IsCustom ? $"json_extract({alias}.custom, {Path(f.Field)})" : $"{alias}.{StandardColumns.For(f.Field.Name)}";
        var text = f.Field.Type == FieldType.String;
        var folded = text ? $"{SqliteFunctions.Fold}({x})" : x;
        return f.Operator switch
        {
            FilterOperator.Equals => $"({folded} = {Value(f, 0)})",
            FilterOperator.NotEquals => Not($"{folded} = {Value(f, 0)}"),
            FilterOperator.Contains when text => $"(instr({folded}, {Value(f, 0)}) > 0)",
            FilterOperator.StartsWith when text => StartsWith(folded, Value(f, 0)),
            FilterOperator.IsEmpty => Empty(x),
            FilterOperator.IsNotEmpty => $"(NOT {Empty(x)})",
            FilterOperator.GreaterThan when Ordered(f) => $"({x} > {Value(f, 0)})",
            FilterOperator.LessThan when Ordered(f) => $"({x} < {Value(f, 0)})",
            FilterOperator.Between when Ordered(f) => $"({x} BETWEEN {Value(f, 0)} AND {Value(f, 1)})",
            FilterOperator.InList => $"({folded} IN ({Values(f)}))",
            _ => throw NotApplicable(f),
        };
    }

    // List operators test the elements: "equals" means "has an element equal to".
    private string ListField(FieldFilter f, string alias)
    {
        if (!f.Field.IsCustom)
        {
            throw NotApplicable(f);
        }

        var path = Path(f.Field);
        var element = $"{SqliteFunctions.Fold}(e.value)";
        string Any(string condition) => $"EXISTS (SELECT 1 FROM json_each({alias}.custom, {path}) e WHERE {condition})";
        return f.Operator switch
        {
            FilterOperator.Equals => Any($"{element} = {Value(f, 0)}"),
            FilterOperator.NotEquals => $"(NOT {Any($"{element} = {Value(f, 0)}")})",
            FilterOperator.InList => Any($"{element} IN ({Values(f)})"),
            FilterOperator.Contains => Any($"instr({element}, {Value(f, 0)}) > 0"),
            FilterOperator.StartsWith => Any(StartsWith(element, Value(f, 0))),
            FilterOperator.IsEmpty => $"(ifnull(json_array_length({alias}.custom, {path}), 0) = 0)",
            FilterOperator.IsNotEmpty => $"(ifnull(json_array_length({alias}.custom, {path}), 0) > 0)",
            _ => throw NotApplicable(f),
        };
    }

    private static string Not(string positive) => $"(NOT ifnull({positive}, 0))";

    // Missing (NULL) and "" are empty; a number or a boolean never equals '' (numbers sort before text).
    private static string Empty(string x) => $"(ifnull({x}, '') = '')";

    // substr and length count characters on both sides, so no character is split.
    private static string StartsWith(string x, string prefix) => $"(substr({x}, 1, length({prefix})) = {prefix})";

    private static bool Ordered(FieldFilter f) => f.Field.Type is FieldType.Number or FieldType.Date;

    private string Path(FieldPath field) =>
        field.Name.Contains('"', StringComparison.Ordinal) || field.Name.Contains('\\', StringComparison.Ordinal)
            // A JSON path label cannot escape a quote, so such a key cannot be addressed.
            ? throw new NotSupportedException($"The custom field name '{field.Name}' contains a quote or backslash, which SQLite JSON paths cannot address.")
            : parameters.Add($"$.\"{field.Name}\"");

    private string Value(FieldFilter f, int index) =>
        index < f.Values.Count
            ? parameters.Add(Operand(f.Values[index]))
            : throw new ArgumentException($"{f.Operator} on '{f.Field.Name}' needs {index + 1} value(s).", nameof(f));

    private string Values(FieldFilter f) =>
        f.Values.Count == 0 ? throw new ArgumentException($"InList on '{f.Field.Name}' needs values.", nameof(f))
        : string.Join(", ", f.Values.Select(v => parameters.Add(Operand(v))));

    // Text operands are folded here exactly as me_fold folds the stored side.
    private static object Operand(FieldValue v) => v.Type switch
    {
        FieldType.String => v.Text.ToLowerInvariant(),
        FieldType.Number => v.Number,
        FieldType.Date => v.UnixMilliseconds,
        FieldType.Bool => v.Bool ? 1L : 0L,
        _ => throw new ArgumentException($"A {v.Type} value cannot be an operand.", nameof(v)),
    };

    private static ArgumentException NotApplicable(FieldFilter f) =>
        new($"{f.Operator} does not apply to the {f.Field.Type} field '{f.Field.Name}'.", nameof(f));
}
