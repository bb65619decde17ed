using MassEmail.Core.Recipients.Criteria;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Conversions of criteria trees; shape problems are reported with the node's path.</summary>
internal static class CriteriaMapping
{
    /// <summary>
    /// The tree in Core's terms. Depth, the number of conditions and field names are bounded here,
    /// while the tree is walked the first time, so nothing after (the resolver, the page token's JSON)
    /// ever sees a tree it would choke on; past a bound the walk stops and the request is invalid.
    /// </summary>
    public static CriteriaNode ToCore(this V1.Criteria node, string path, RequestCheck check)
    {
        var budget = new Budget(check);
        var core = node.ToCore(path, check, depth: 1, budget);
        if (budget.Conditions > CriteriaLimits.MaxConditions)
        {
            check.Violation(path, $"has more than {CriteriaLimits.MaxConditions} conditions");
        }

        return core;
    }

    private static CriteriaNode ToCore(this V1.Criteria node, string path, RequestCheck check, int depth, Budget budget)
    {
        if (depth > CriteriaLimits.MaxDepth)
        {
            budget.TooDeep(path);
            return new CriteriaGroup(false, []);
        }

        switch (node.NodeCase)
        {
            case V1.Criteria.NodeOneofCase.Group:
                var g = node.Group;
                if (!Enum.IsDefined(g.Operator))
                {
                    check.Violation($"{path}.group.operator", "must be AND or OR");
                }

                var children = new List<CriteriaNode>(Math.Min(g.Children.Count, CriteriaLimits.MaxConditions + 1));
                for (var i = 0; i < g.Children.Count && budget.Conditions <= CriteriaLimits.MaxConditions && !budget.IsTooDeep; i++)
                {
                    children.Add(g.Children[i].ToCore($"{path}.group.children[{i}]", check, depth + 1, budget));
                }

                return new CriteriaGroup(g.Operator == V1.GroupOperator.Or, children);
            case V1.Criteria.NodeOneofCase.Condition:
                budget.Conditions++;
                return node.Condition.ToCore($"{path}.condition", check);
            default:
                check.Violation(path, "a group or a condition is required");
                return new CriteriaGroup(false, []);
        }
    }

    private static CriteriaCondition ToCore(this V1.Condition c, string path, RequestCheck check)
    {
        if (c.Operator == V1.ConditionOperator.Unspecified || !Enum.IsDefined(c.Operator))
        {
            check.Violation($"{path}.operator", "is not a known operator");
        }

        if (c.Field.Length > CriteriaLimits.MaxFieldLength)
        {
            check.Violation($"{path}.field", $"field names are at most {CriteriaLimits.MaxFieldLength} characters");
        }

        if (c.Values.Count > CriteriaLimits.MaxListValues)
        {
            check.Violation($"{path}.values", $"at most {CriteriaLimits.MaxListValues} values");
            return new CriteriaCondition("", (ConditionOperator)(int)c.Operator, [], c.Days);
        }

        var values = new List<MassEmail.Core.Recipients.FieldValue>(c.Values.Count);
        for (var i = 0; i < c.Values.Count; i++)
        {
            if (c.Values[i].ToCore(out var problem) is { } v)
            {
                values.Add(v);
            }
            else
            {
                check.Violation($"{path}.values[{i}]", problem);
            }
        }

        return new CriteriaCondition(c.Field.Length > CriteriaLimits.MaxFieldLength ? "" : c.Field, (ConditionOperator)(int)c.Operator, values, c.Days);
    }

    public static V1.Criteria ToMessage(this CriteriaNode node) => node switch
    {
        CriteriaGroup g => new V1.Criteria
        {
            Group = new V1.CriteriaGroup
            {
                Operator = g.Any ? V1.GroupOperator.Or : V1.GroupOperator.And,
                Children = { g.Children.Select(ToMessage) },
            },
        },
        CriteriaCondition c => new V1.Criteria
        {
            Condition = new V1.Condition
            {
                Field = c.Field,
                Operator = (V1.ConditionOperator)(int)c.Operator,
                Values = { c.Values.Select(FieldValueMapping.ToMessage) },
                Days = c.Days,
            },
        },
        _ => new V1.Criteria(),
    };

    /// <summary>What one walk has seen so far: conditions counted, and whether it went too deep (reported once, at the first node too deep).</summary>
    private sealed class Budget(RequestCheck check)
    {
        public int Conditions { get; set; }

        public bool IsTooDeep { get; private set; }

        public void TooDeep(string at)
        {
            if (!IsTooDeep)
            {
                IsTooDeep = true;
                check.Violation(at, $"nests deeper than {CriteriaLimits.MaxDepth} levels");
            }
        }
    }
}
