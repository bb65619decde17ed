using MassEmail.Core.Recipients.Criteria;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Conversions of criteria trees; shape problems are reported with the node's path.</summary>
internal static class CriteriaMapping
{
    public static CriteriaNode ToCore(this V1.Criteria node, string path, RequestCheck check)
    {
        switch (node.NodeCase)
        {
            case V1.Criteria.NodeOneofCase.Group:
                var g = node.Group;
                if (!Enum.IsDefined(g.Operator))
                {
                    check.Violation($"{path}.group.operator", "must be AND or OR");
                }

                return new CriteriaGroup(g.Operator == V1.GroupOperator.Or, g.Children.Select((c, i) => c.ToCore($"{path}.group.children[{i}]", check)).ToList());
            case V1.Criteria.NodeOneofCase.Condition:
                var c = node.Condition;
                if (c.Operator == V1.ConditionOperator.Unspecified || !Enum.IsDefined(c.Operator))
                {
                    check.Violation($"{path}.condition.operator", "is not a known operator");
                }

                var values = new List<MassEmail.Core.Recipients.FieldValue>();
                for (var i = 0; i < c.Values.Count; i++)
                {
                    if (c.Values[i].ToCore() is { } v)
                    {
                        values.Add(v);
                    }
                    else
                    {
                        check.Violation($"{path}.condition.values[{i}]", "has no value set");
                    }
                }

                return new CriteriaCondition(c.Field, (ConditionOperator)(int)c.Operator, values, c.Days);
            default:
                check.Violation(path, "a group or a condition is required");
                return new CriteriaGroup(false, []);
        }
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
}
