using MassEmail.Core.Recipients;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// Raw query documents on <c>records</c> shared by the recipient stores. Every query starts from
/// <see cref="Org"/> or <see cref="Scope"/>; callers have checked that the ids are ObjectIds.
/// </summary>
internal static class RecordFilters
{
    /// <summary>Matches every document.</summary>
    public static BsonDocument MatchAll => [];

    /// <summary>Matches no document (<c>$or</c> refuses an empty array).</summary>
    public static BsonDocument MatchNothing => new(RecordFields.Id, new BsonDocument("$in", new BsonArray()));

    public static BsonDocument Org(string orgId) => new(RecordFields.OrgId, ObjectId.Parse(orgId));

    /// <summary>The records of one module of one organisation.</summary>
    public static BsonDocument Scope(string orgId, RecordModule module) =>
        new() { [RecordFields.OrgId] = ObjectId.Parse(orgId), [RecordFields.Module] = (int)module };

    public static BsonDocument ById(string orgId, string id) =>
        new() { [RecordFields.Id] = ObjectId.Parse(id), [RecordFields.OrgId] = ObjectId.Parse(orgId) };

    public static BsonDocument IdIn(IEnumerable<string> ids) =>
        new(RecordFields.Id, new BsonDocument("$in", new BsonArray(ids.Where(MongoIds.IsValid).Select(ObjectId.Parse))));

    /// <summary>All conditions; <c>$and</c> refuses an empty array, and conditions matching everything are dropped.</summary>
    public static BsonDocument And(params IEnumerable<BsonDocument> conditions)
    {
        var parts = conditions.Where(c => c.ElementCount > 0).ToList();
        return parts.Count switch
        {
            0 => MatchAll,
            1 => parts[0],
            _ => new BsonDocument("$and", new BsonArray(parts)),
        };
    }

    public static BsonDocument Or(IReadOnlyList<BsonDocument> conditions) => conditions.Count switch
    {
        0 => MatchNothing,
        1 => conditions[0],
        _ => new BsonDocument("$or", new BsonArray(conditions)),
    };
}
