using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>Recognises server errors the stores translate into domain errors.</summary>
internal static class MongoErrors
{
    /// <summary>A unique index (or _id) refused the write.</summary>
    public static bool IsDuplicateKey(MongoWriteException e) => e.WriteError?.Category == ServerErrorCategory.DuplicateKey;
}
