using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>How a filter bounds one field, as far as an index can use it.</summary>
public enum Bound
{
    /// <summary>A value, a <c>$eq</c> or a <c>$in</c>: a point (or points) in the index.</summary>
    Equality,

    /// <summary><c>$gt</c>/<c>$gte</c>/<c>$lt</c>/<c>$lte</c> or a case-sensitive anchored <c>$regex</c>: an interval.</summary>
    Range,

    /// <summary>Anything else (<c>$ne</c>, <c>$nin</c>, <c>$exists</c>, an unanchored or case-insensitive pattern…): checked on the documents.</summary>
    Residual,
}

/// <summary>Reads a MongoDB filter as the bounds it puts on each field, the way the query planner can use them.</summary>
public static class QueryPredicates
{
    private static readonly HashSet<string> RangeOperators = ["$gt", "$gte", "$lt", "$lte"];

    /// <summary>
    /// The bounds of the filter's conjunction (what <c>$and</c> and plain fields say), and in
    /// <paramref name="orBranches"/> those of each branch of a top-level <c>$or</c>.
    /// </summary>
    public static Dictionary<string, Bound> Conjunction(BsonDocument filter, out List<Dictionary<string, Bound>> orBranches)
    {
        var bounds = new Dictionary<string, Bound>(StringComparer.Ordinal);
        orBranches = [];
        Collect(filter, bounds, orBranches);
        return bounds;
    }

    /// <summary>The filter with its values replaced by how they bound the field.</summary>
    public static string Shape(BsonDocument filter)
    {
        Dictionary<string, Bound> bounds = Conjunction(filter, out List<Dictionary<string, Bound>> branches);
        var parts = bounds.Select(b => $"{b.Key}{Symbol(b.Value)}").ToList();
        if (branches.Count > 0)
        {
            parts.Add("$or[" + string.Join(" | ", branches.Select(br => string.Join(",", br.Select(b => $"{b.Key}{Symbol(b.Value)}")))) + "]");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static string Symbol(Bound bound) => bound switch
    {
        Bound.Equality => "=",
        Bound.Range => "<>",
        _ => "?",
    };

    private static void Collect(BsonDocument filter, Dictionary<string, Bound> bounds, List<Dictionary<string, Bound>> orBranches)
    {
        foreach (BsonElement element in filter)
        {
            switch (element.Name)
            {
                case "$and":
                    foreach (BsonValue part in element.Value.AsBsonArray)
                    {
                        Collect(part.AsBsonDocument, bounds, orBranches);
                    }

                    break;
                case "$or":
                    foreach (BsonValue part in element.Value.AsBsonArray)
                    {
                        var branch = new Dictionary<string, Bound>(StringComparer.Ordinal);
                        Collect(part.AsBsonDocument, branch, []);
                        orBranches.Add(branch);
                    }

                    break;
                default:
                    if (element.Name.StartsWith('$'))
                    {
                        // $expr, $nor, $text, $where: nothing an index bound can come from.
                        break;
                    }

                    if (element.Value is BsonDocument { ElementCount: 1 } wrapper && wrapper.GetElement(0).Name == "$elemMatch"
                        && wrapper[0] is BsonDocument inner && inner.ElementCount > 0 && !inner.GetElement(0).Name.StartsWith('$'))
                    {
                        // One array element satisfies every condition: the planner compounds the bounds of its fields
                        // (prefixed with the array's path) in a multikey index.
                        var nested = new Dictionary<string, Bound>(StringComparer.Ordinal);
                        Collect(inner, nested, []);
                        foreach ((string field, Bound b) in nested)
                        {
                            var name = $"{element.Name}.{field}";
                            bounds[name] = bounds.TryGetValue(name, out Bound o) ? Tighter(o, b) : b;
                        }

                        break;
                    }

                    Bound bound = BoundOf(element.Value);
                    bounds[element.Name] = bounds.TryGetValue(element.Name, out Bound other) ? Tighter(other, bound) : bound;
                    break;
            }
        }
    }

    private static Bound Tighter(Bound a, Bound b) => (Bound)Math.Min((int)a, (int)b);

    private static Bound BoundOf(BsonValue value)
    {
        if (value is BsonRegularExpression regex)
        {
            return IsPrefix(regex.Pattern, regex.Options) ? Bound.Range : Bound.Residual;
        }

        if (value is not BsonDocument doc || doc.ElementCount == 0 || !doc.GetElement(0).Name.StartsWith('$'))
        {
            return Bound.Equality;
        }

        Bound best = Bound.Residual;
        foreach (BsonElement op in doc)
        {
            Bound bound = op.Name switch
            {
                "$eq" or "$in" => Bound.Equality,
                _ when RangeOperators.Contains(op.Name) => Bound.Range,
                "$regex" => IsPrefix(op.Value.IsBsonRegularExpression ? op.Value.AsBsonRegularExpression.Pattern : op.Value.ToString()!, doc.GetValue("$options", "").ToString()!)
                    ? Bound.Range
                    : Bound.Residual,
                _ => Bound.Residual,
            };
            best = Tighter(best, bound);
        }

        return best;
    }

    private static bool IsPrefix(string pattern, string options) => pattern.StartsWith('^') && !options.Contains('i');
}
