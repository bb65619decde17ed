using MongoDB.Bson;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Ids are stored as ObjectIds, so a string that is not one cannot name a stored document. Stores
/// check first: serialising such a string into a filter would throw instead of finding nothing.
/// </summary>
internal static class MongoIds
{
    public static bool IsValid(string id) => ObjectId.TryParse(id, out _);

    public static bool AreValid(string first, string second) => IsValid(first) && IsValid(second);
}
