using MassEmail.Core.Errors;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>Recognises server errors the stores translate into domain errors.</summary>
internal static class MongoErrors
{
    /// <summary>A unique index (or _id) refused the write.</summary>
    public static bool IsDuplicateKey(MongoWriteException e) => e.WriteError?.Category == ServerErrorCategory.DuplicateKey;

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
