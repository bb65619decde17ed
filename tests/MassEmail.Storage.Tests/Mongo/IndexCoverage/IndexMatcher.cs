using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>
/// Decides which declared index serves a query by the equality–sort–range rule: the index's leading keys are bounded by
/// the filter's equalities, then (when the query sorts) the sort's keys follow in order with one direction throughout
/// (or its reverse), then a range may bound the next key. A query is served when its filter bounds the index's first key
/// and any sort comes from the index (or the index is unique and every key is an equality: one document at most).
/// Keys the filter bounds only as residuals, and fields the index lacks, are checked on the fetched documents.
/// </summary>
public static class IndexMatcher
{
    /// <summary>The best index serving the query and the keys it bounds, or null when none does.</summary>
    public static (DeclaredIndex Index, int BoundKeys)? Serving(CapturedQuery query, IEnumerable<DeclaredIndex> indexes)
    {
        Dictionary<string, Bound> bounds = QueryPredicates.Conjunction(query.Filter, out List<Dictionary<string, Bound>> branches);
        List<DeclaredIndex> candidates = [.. indexes.Where(i => i.Collection == query.Collection && Implies(query.Filter, i.PartialFilter))];

        (DeclaredIndex, int)? best = Best(bounds, query.Sort, candidates);
        if (best is not null || branches.Count == 0)
        {
            return best;
        }

        // No index serves the rest of the filter: each $or branch (with the rest) must be served by some index.
        (DeclaredIndex, int)? worst = null;
        foreach (Dictionary<string, Bound> branch in branches)
        {
            var combined = new Dictionary<string, Bound>(bounds, StringComparer.Ordinal);
            foreach ((string field, Bound bound) in branch)
            {
                combined[field] = combined.TryGetValue(field, out Bound b) ? (Bound)Math.Min((int)b, (int)bound) : bound;
            }

            (DeclaredIndex, int)? served = Best(combined, query.Sort, candidates);
            if (served is null)
            {
                return null;
            }

            worst = worst is null || served.Value.Item2 < worst.Value.Item2 ? served : worst;
        }

        return worst;
    }

    private static (DeclaredIndex, int)? Best(Dictionary<string, Bound> bounds, BsonDocument sort, List<DeclaredIndex> candidates) =>
        candidates
            .Select(i => (Index: i, Bound: BoundKeys(i, bounds, sort)))
            .Where(m => m.Bound > 0)
            .OrderByDescending(m => m.Bound)
            .ThenBy(m => m.Index.Keys.ElementCount)
            .Select(m => ((DeclaredIndex, int)?)(m.Index, m.Bound))
            .FirstOrDefault();

    /// <summary>Whether the filter names every element of a partial index's filter with the same value (what the check here understands).</summary>
    private static bool Implies(BsonDocument filter, BsonDocument? partial) =>
        partial is null || partial.All(p => filter.TryGetValue(p.Name, out BsonValue v) && v.Equals(p.Value));

    /// <summary>How many of the index's keys the query bounds (0: the index does not serve it).</summary>
    private static int BoundKeys(DeclaredIndex index, Dictionary<string, Bound> bounds, BsonDocument sort)
    {
        List<(string Field, int Direction)> keys = [.. index.Keys.Select(k => (k.Name, k.Value.ToInt32()))];
        var i = 0;
        while (i < keys.Count && bounds.GetValueOrDefault(keys[i].Field, Bound.Residual) == Bound.Equality && bounds.ContainsKey(keys[i].Field))
        {
            i++;
        }

        var bound = i;
        List<(string Field, int Direction)> sortKeys =
            [.. sort.Where(s => !(bounds.TryGetValue(s.Name, out Bound b) && b == Bound.Equality)).Select(s => (s.Name, s.Value.ToInt32()))];
        if (sortKeys.Count > 0 && !(index.Unique && i == keys.Count))
        {
            int? ratio = null;
            var j = 0;
            while (i < keys.Count && j < sortKeys.Count)
            {
                if (keys[i].Field == sortKeys[j].Field)
                {
                    var r = keys[i].Direction * sortKeys[j].Direction;
                    if (ratio is not null && ratio != r)
                    {
                        return 0;
                    }

                    ratio = r;
                    i++;
                    j++;
                }
                else if (bounds.TryGetValue(keys[i].Field, out Bound b) && b == Bound.Equality)
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (j < sortKeys.Count)
            {
                // The documents would be sorted in memory.
                return 0;
            }

            // A sort key the filter bounds by a range still bounds the scan.
            bound += keys.Take(i).Skip(bound).Count(k => bounds.ContainsKey(k.Field));
        }
        else if (i < keys.Count && bounds.TryGetValue(keys[i].Field, out Bound next) && next == Bound.Range)
        {
            bound++;
        }

        return bound;
    }
}
