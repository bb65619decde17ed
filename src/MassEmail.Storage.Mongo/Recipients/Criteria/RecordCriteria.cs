using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// A translated criteria tree: <see cref="Filter"/> on <c>records</c>, which may test fields that <see cref="Joins"/>
/// (one <c>$lookup</c> per client condition too broad to inline) add to each record. Without joins the filter is a
/// plain query document; with them only an aggregation can run it: <see cref="Prefilter"/> (what the filter asks that
/// needs no join, bounding the records the joins run for), then <see cref="JoinStages"/>.
/// </summary>
internal sealed record RecordCriteria(BsonDocument Filter, BsonDocument Prefilter, IReadOnlyList<BsonDocument> Joins, IReadOnlyList<string> JoinFields)
{
    public bool NeedsJoins => Joins.Count > 0;

    /// <summary>The joins, the whole filter, and the removal of the joined fields; none without joins.</summary>
    public IReadOnlyList<BsonDocument> JoinStages()
    {
        if (!NeedsJoins)
        {
            return [];
        }

        var unset = new BsonDocument();
        foreach (var field in JoinFields)
        {
            unset[field] = 0;
        }

        return [.. Joins, new BsonDocument("$match", Filter), new BsonDocument("$project", unset)];
    }
}
