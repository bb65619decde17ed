using MassEmail.Core.Errors;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>Recognises server errors the stores translate into domain errors.</summary>
internal static class MongoErrors
{
    /// <summary>A unique index (or _id) refused the write.</summary>
    public static bool IsDuplicateKey(MongoWriteException e) => e.WriteError?.Category == ServerErrorCategory.DuplicateKey;

    /// <summary>
    /// Updates the document <paramref name="filter"/> matches, inserting it when there is none. Two first writers race:
    /// both miss the match, one inserts, the other's insert is a duplicate key, and it applies its update to the document
    /// that now exists (fields set only on insert are left as the winner wrote them).
    /// </summary>
    public static async Task UpsertOneAsync<T>(IMongoCollection<T> collection, FilterDefinition<T> filter, UpdateDefinition<T> update, CancellationToken ct)
    {
        try
        {
            await collection.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, ct);
        }
        catch (MongoWriteException e) when (IsDuplicateKey(e))
        {
            await collection.UpdateOneAsync(filter, update, cancellationToken: ct);
        }
    }

    /// <summary>
    /// Runs a query with a time limit (<c>maxTimeMS</c>): the server stopping it at the limit (error MaxTimeMSExpired,
    /// which the driver reports as <see cref="MongoExecutionTimeoutException"/>) becomes a
    /// <see cref="QueryTimeLimitException"/>, which callers see as DEADLINE_EXCEEDED rather than an internal error.
    /// </summary>
    public static async Task<T> TimeLimitedAsync<T>(string operation, TimeSpan limit, Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (MongoExecutionTimeoutException)
        {
            throw new QueryTimeLimitException(operation, limit);
        }
    }
}
