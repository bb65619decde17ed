using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>
/// One query a command sent: the collection it reads, the command, its filter and sort, its projection (finds) and the
/// command's comment. An update or delete command holds one query per statement; an aggregation one for its leading
/// <c>$match</c>/<c>$sort</c> and one per <c>$lookup</c> (on the joined collection).
/// </summary>
public sealed record CapturedQuery(string Collection, string Command, BsonDocument Filter, BsonDocument Sort, BsonDocument? Projection, string? Comment)
{
    /// <summary>The query with its values left out: what the table groups by.</summary>
    public string Shape => $"{Collection}.{Command} {QueryPredicates.Shape(Filter)}" + (Sort.ElementCount > 0 ? $" sort {Sort.ToJson()}" : "");
}
