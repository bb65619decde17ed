using MassEmail.Core.Errors;

namespace MassEmail.Core.Recipients.Criteria;

/// <summary>Checks a condition's operator and values against its field's type and builds the filter.</summary>
internal static class Operands
{
    private const long DayMs = 24L * 60 * 60 * 1000;

    private static readonly Dictionary<FieldType, ConditionOperator[]> Allowed = new()
    {
        [FieldType.String] = [ConditionOperator.Equals, ConditionOperator.NotEquals, ConditionOperator.Contains, ConditionOperator.StartsWith,
            ConditionOperator.IsEmpty, ConditionOperator.IsNotEmpty, ConditionOperator.InList],
        [FieldType.Number] = [ConditionOperator.Equals, ConditionOperator.NotEquals, ConditionOperator.GreaterThan, ConditionOperator.LessThan,
            ConditionOperator.Between, ConditionOperator.IsEmpty, ConditionOperator.IsNotEmpty, ConditionOperator.InList],
        [FieldType.Date] = [ConditionOperator.Equals, ConditionOperator.NotEquals, ConditionOperator.GreaterThan, ConditionOperator.LessThan,
            ConditionOperator.Between, ConditionOperator.IsEmpty, ConditionOperator.IsNotEmpty, ConditionOperator.WithinLastDays, ConditionOperator.WithinNextDays],
        [FieldType.Bool] = [ConditionOperator.Equals, ConditionOperator.NotEquals, ConditionOperator.IsEmpty, ConditionOperator.IsNotEmpty],
        [FieldType.List] = [ConditionOperator.Equals, ConditionOperator.NotEquals, ConditionOperator.InList, ConditionOperator.IsEmpty, ConditionOperator.IsNotEmpty],
    };

    public static Filter? Build(FieldPath field, CriteriaCondition c, string path, DateTimeOffset now, List<FieldViolation> violations)
    {
        if (!Enum.IsDefined(c.Operator) || !Allowed[field.Type].Contains(c.Operator))
        {
            violations.Add(new($"{path}.operator", $"{c.Operator} cannot be used on the {field.Type} field '{c.Field}'"));
            return null;
        }

        var expected = c.Operator switch
        {
            ConditionOperator.IsEmpty or ConditionOperator.IsNotEmpty or ConditionOperator.WithinLastDays or ConditionOperator.WithinNextDays => (0, 0),
            ConditionOperator.Between => (2, 2),
            ConditionOperator.InList => (1, CriteriaLimits.MaxListValues),
            _ => (1, 1),
        };
        if (c.Values.Count < expected.Item1 || c.Values.Count > expected.Item2)
        {
            violations.Add(new($"{path}.values", expected.Item1 == expected.Item2
                ? $"{c.Operator} takes {expected.Item1} value(s), got {c.Values.Count}"
                : $"{c.Operator} takes {expected.Item1} to {expected.Item2} values, got {c.Values.Count}"));
            return null;
        }

        var valueType = field.Type == FieldType.List ? FieldType.String : field.Type;
        for (var i = 0; i < c.Values.Count; i++)
        {
            var v = c.Values[i];
            if (v.Type != valueType)
            {
                violations.Add(new($"{path}.values[{i}]", $"must be a {valueType} value for the {field.Type} field '{c.Field}', got {v.Type}"));
                return null;
            }

            if (v.Type == FieldType.String && v.Text.Length > CriteriaLimits.MaxTextLength)
            {
                violations.Add(new($"{path}.values[{i}]", $"must be at most {CriteriaLimits.MaxTextLength} characters"));
                return null;
            }
        }

        if (c.Operator is ConditionOperator.WithinLastDays or ConditionOperator.WithinNextDays && c.Days is < 1 or > CriteriaLimits.MaxDays)
        {
            violations.Add(new($"{path}.days", $"must be between 1 and {CriteriaLimits.MaxDays}"));
            return null;
        }

        if (c.Operator == ConditionOperator.Between && c.Values[0].Number > c.Values[1].Number)
        {
            violations.Add(new($"{path}.values", "the lower bound is greater than the upper bound"));
            return null;
        }

        return ToFilter(field, c, now);
    }

    private static Filter ToFilter(FieldPath field, CriteriaCondition c, DateTimeOffset now)
    {
        FieldFilter F(FilterOperator op, params FieldValue[] values) => new(field, op, values);
        var nowMs = now.ToUnixTimeMilliseconds();
        if (field.Type == FieldType.Date && c.Operator is ConditionOperator.Equals or ConditionOperator.NotEquals)
        {
            // A date "equals" a day: the UTC calendar day of the given instant.
            var start = c.Values[0].UnixMilliseconds - Mod(c.Values[0].UnixMilliseconds, DayMs);
            var (first, last) = (FieldValue.OfDate(start), FieldValue.OfDate(start + DayMs - 1));
            return c.Operator == ConditionOperator.Equals
                ? F(FilterOperator.Between, first, last)
                : new AnyOf([F(FilterOperator.IsEmpty), F(FilterOperator.LessThan, first), F(FilterOperator.GreaterThan, last)]);
        }

        return c.Operator switch
        {
            ConditionOperator.WithinLastDays => F(FilterOperator.Between, FieldValue.OfDate(nowMs - (c.Days * DayMs)), FieldValue.OfDate(nowMs)),
            ConditionOperator.WithinNextDays => F(FilterOperator.Between, FieldValue.OfDate(nowMs), FieldValue.OfDate(nowMs + (c.Days * DayMs))),
            ConditionOperator.Equals => new FieldFilter(field, FilterOperator.Equals, c.Values),
            ConditionOperator.NotEquals => new FieldFilter(field, FilterOperator.NotEquals, c.Values),
            ConditionOperator.Contains => new FieldFilter(field, FilterOperator.Contains, c.Values),
            ConditionOperator.StartsWith => new FieldFilter(field, FilterOperator.StartsWith, c.Values),
            ConditionOperator.IsEmpty => new FieldFilter(field, FilterOperator.IsEmpty, c.Values),
            ConditionOperator.IsNotEmpty => new FieldFilter(field, FilterOperator.IsNotEmpty, c.Values),
            ConditionOperator.GreaterThan => new FieldFilter(field, FilterOperator.GreaterThan, c.Values),
            ConditionOperator.LessThan => new FieldFilter(field, FilterOperator.LessThan, c.Values),
            ConditionOperator.Between => new FieldFilter(field, FilterOperator.Between, c.Values),
            _ => new FieldFilter(field, FilterOperator.InList, c.Values),
        };
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;
}
