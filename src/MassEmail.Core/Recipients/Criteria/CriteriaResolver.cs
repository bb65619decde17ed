using MassEmail.Core.Errors;

namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// Validates authored criteria against the fields of a module and resolves them into a
/// <see cref="Filter"/>: types checked, relative dates turned into absolute ranges (at <c>now</c>),
/// date equality turned into the UTC day. Every problem is reported with the path of its node,
/// spelled as in the API (<c>criteria.group.children[1].condition.field</c>).
/// </summary>
public static class CriteriaResolver
{
    private const string ClientPrefix = "client.";

    public static Filter Resolve(CriteriaNode root, FieldCatalog fields, DateTimeOffset now, string path = "criteria")
    {
        var state = new State(fields, now);
        var filter = state.Node(root, path, depth: 1);
        if (state.Conditions > CriteriaLimits.MaxConditions)
        {
            state.Violations.Add(new(path, $"has more than {CriteriaLimits.MaxConditions} conditions"));
        }

        return state.Violations.Count > 0 ? throw new ValidationException(state.Violations) : filter;
    }

    private sealed class State(FieldCatalog fields, DateTimeOffset now)
    {
        public List<FieldViolation> Violations { get; } = [];

        public int Conditions { get; private set; }

        public Filter Node(CriteriaNode node, string path, int depth)
        {
            if (depth > CriteriaLimits.MaxDepth)
            {
                Violations.Add(new(path, $"nests deeper than {CriteriaLimits.MaxDepth} levels"));
                return new AllOf([]);
            }

            switch (node)
            {
                case CriteriaGroup g:
                    var children = g.Children.Select((c, i) => Node(c, $"{path}.group.children[{i}]", depth + 1)).ToList();
                    return g.Any ? new AnyOf(children) : new AllOf(children);
                case CriteriaCondition c:
                    Conditions++;
                    return Condition(c, $"{path}.condition");
                default:
                    Violations.Add(new(path, "is neither a group nor a condition"));
                    return new AllOf([]);
            }
        }

        private Filter Condition(CriteriaCondition c, string path)
        {
            var isClient = c.Field.StartsWith(ClientPrefix, StringComparison.Ordinal);
            var name = isClient ? c.Field[ClientPrefix.Length..] : c.Field;
            if (isClient && fields.Module == RecordModule.Clients)
            {
                return Fail($"{path}.field", "client fields can only be used for candidates and contacts");
            }

            var field = Lookup(name, isClient ? fields.ClientCustom : fields.Custom);
            if (field is null)
            {
                return Fail($"{path}.field", $"'{InputText.Quote(c.Field)}' is not a field of {(isClient ? RecordModule.Clients : fields.Module)}");
            }

            if (!isClient && fields.Module == RecordModule.Clients && name == StandardFields.ClientId)
            {
                return Fail($"{path}.field", "clients have no related client");
            }

            var filter = Operands.Build(field, c, path, now, Violations);
            return filter is null ? new AllOf([]) : isClient ? Wrap(filter) : filter;
        }

        private static Filter Wrap(Filter inner) => inner switch
        {
            FieldFilter f => new ClientMatches(f),
            AllOf a => new AllOf(a.Children.Select(Wrap).ToList()),
            AnyOf a => new AnyOf(a.Children.Select(Wrap).ToList()),
            _ => inner,
        };

        private static FieldPath? Lookup(string name, IReadOnlyDictionary<string, FieldType> custom) =>
            StandardFields.IsStandard(name) ? StandardFields.Path(name)
            : custom.TryGetValue(name, out var type) ? new FieldPath(name, true, type)
            : null;

        private AllOf Fail(string path, string description)
        {
            Violations.Add(new(path, description));
            return new AllOf([]);
        }
    }
}
