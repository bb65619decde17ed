using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>The queries a command the adapter sent holds, read from the command document the driver reported.</summary>
public static class CommandQueries
{
    /// <summary>Commands that read no documents by a filter (writes by value, index and session upkeep, cursors).</summary>
    private static readonly HashSet<string> NoQuery =
    [
        "insert", "getMore", "killCursors", "createIndexes", "listIndexes", "dropIndexes", "drop", "dropDatabase", "create",
        "listCollections", "listDatabases", "hello", "isMaster", "ismaster", "buildInfo", "buildinfo", "ping", "endSessions",
        "abortTransaction", "commitTransaction", "getLastError", "saslStart", "saslContinue",
    ];

    /// <summary>The command's queries; throws for a command this reader does not know, so a new kind cannot slip past.</summary>
    public static IEnumerable<CapturedQuery> Of(string commandName, BsonDocument command)
    {
        if (NoQuery.Contains(commandName))
        {
            return [];
        }

        var collection = command[commandName].ToString()!;
        string? comment = command.TryGetValue("comment", out BsonValue c) ? c.ToString() : null;
        return commandName switch
        {
            "find" => [new(collection, "find", Doc(command, "filter"), Doc(command, "sort"), command.GetValue("projection", BsonNull.Value) as BsonDocument, comment)],
            "findAndModify" => [new(collection, "findAndModify", Doc(command, "query"), Doc(command, "sort"), null, comment)],
            "count" or "distinct" => [new(collection, commandName, Doc(command, "query"), [], null, comment)],
            "update" => command["updates"].AsBsonArray.Select(u => new CapturedQuery(collection, "update", Doc(u.AsBsonDocument, "q"), [], null, comment)),
            "delete" => command["deletes"].AsBsonArray.Select(d => new CapturedQuery(collection, "delete", Doc(d.AsBsonDocument, "q"), [], null, comment)),
            "aggregate" => Aggregate(collection, command["pipeline"].AsBsonArray, comment),
            _ => throw new InvalidOperationException($"The index-coverage check does not know command '{commandName}': teach {nameof(CommandQueries)} what it reads."),
        };
    }

    private static IEnumerable<CapturedQuery> Aggregate(string collection, BsonArray pipeline, string? comment)
    {
        List<BsonDocument> stages = [.. pipeline.Select(s => s.AsBsonDocument)];
        BsonDocument filter = [];
        BsonDocument sort = [];
        var k = 0;
        if (k < stages.Count && stages[k].Contains("$match"))
        {
            filter = stages[k++]["$match"].AsBsonDocument;
        }

        if (k < stages.Count && stages[k].Contains("$sort"))
        {
            sort = stages[k]["$sort"].AsBsonDocument;
        }

        yield return new(collection, "aggregate", filter, sort, null, comment);
        foreach (BsonDocument stage in stages.Where(s => s.Contains("$lookup")))
        {
            yield return Lookup(stage["$lookup"].AsBsonDocument, comment);
        }
    }

    /// <summary>
    /// A <c>$lookup</c> as the query it runs per input document on the joined collection: equality on the foreign field
    /// and on what the leading <c>$match</c> of its pipeline fixes.
    /// </summary>
    private static CapturedQuery Lookup(BsonDocument lookup, string? comment)
    {
        var filter = new BsonDocument();
        if (lookup.TryGetValue("foreignField", out BsonValue foreign))
        {
            filter[foreign.AsString] = "(each input's local field)";
        }

        if (lookup.TryGetValue("pipeline", out BsonValue pipeline) && pipeline.AsBsonArray.FirstOrDefault() is BsonDocument first && first.Contains("$match"))
        {
            filter.AddRange(first["$match"].AsBsonDocument.Where(e => !filter.Contains(e.Name)));
        }

        return new(lookup["from"].AsString, "$lookup", filter, [], null, comment);
    }

    private static BsonDocument Doc(BsonDocument command, string name) =>
        command.GetValue(name, BsonNull.Value) as BsonDocument ?? [];
}
