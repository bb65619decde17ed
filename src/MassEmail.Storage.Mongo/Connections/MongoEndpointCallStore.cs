using MassEmail.Core.Connections;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Connections;

/// <summary>
/// The <c>endpoint_calls</c> and <c>endpoint_locks</c> collections (deciding concerns: a count rolled back by an
/// election would let the instances call the vendor too often). No multi-document transaction: a call is counted first
/// (one <c>$inc</c> per window, on a document whose <c>_id</c> is its bucket), then the live buckets are read; if a
/// window is over, the call is taken back and refused. Of instances racing for the last room, the one that reads last
/// sees every call counted before, so they never let in too many (both may be refused). A process killed between the
/// count and the take-back leaves the call counted: fewer calls later, never more.
/// </summary>
internal sealed class MongoEndpointCallStore(MongoCollections collections) : IEndpointCallStore
{
    private static readonly FilterDefinitionBuilder<EndpointCallDocument> Filter = Builders<EndpointCallDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<EndpointCallDocument> Update = Builders<EndpointCallDocument>.Update;
    private readonly IMongoCollection<EndpointCallDocument> calls = collections.EndpointCalls;
    private readonly IMongoCollection<EndpointLockDocument> locks = collections.EndpointLocks;

    public async Task<EndpointEntry> TryEnterAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset now, CancellationToken ct)
    {
        EndpointLockDocument? locked = await locks.Find(Builders<EndpointLockDocument>.Filter.Eq(d => d.Id, EndpointLockDocument.IdOf(connectionId, endpoint)))
            .FirstOrDefaultAsync(ct);
        if (locked is not null && locked.LockedUntil > now)
        {
            return new EndpointEntry(false, locked.LockedUntil);
        }

        if (windows.Count == 0)
        {
            return new EndpointEntry(true, now);
        }

        foreach (var window in windows)
        {
            await AddAsync(connectionId, endpoint, window, now, ct);
        }

        DateTimeOffset retryAt;
        try
        {
            var live = await calls.Find(Filter.Eq(d => d.ConnectionId, connectionId) & Filter.Eq(d => d.Endpoint, endpoint) & Filter.Gt(d => d.ExpireAt, now))
                .ToListAsync(ct);
            // This call's own count is in each window's bucket of now: the others must leave room for one.
            var own = windows.Select(w => (EndpointWindows.PeriodMilliseconds(w), EndpointWindows.BucketStart(w, now))).ToHashSet();
            retryAt = EndpointWindows.RoomAt(
                windows, [.. live.Select(d => (d.PeriodMilliseconds, d.BucketStart, own.Contains((d.PeriodMilliseconds, d.BucketStart)) ? d.Calls - 1 : d.Calls))], now);
        }
        catch
        {
            await TakeBackAsync(connectionId, endpoint, windows, now);
            throw;
        }

        if (retryAt <= now)
        {
            return new EndpointEntry(true, now);
        }

        await TakeBackAsync(connectionId, endpoint, windows, now);
        return new EndpointEntry(false, retryAt);
    }

    public async Task AnsweredAsync(
        string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset enteredAt, DateTimeOffset answeredAt, CancellationToken ct)
    {
        foreach (var window in windows.Where(w => EndpointWindows.BucketStart(w, enteredAt) != EndpointWindows.BucketStart(w, answeredAt)))
        {
            // Counted in the answer's bucket before the entry's gives it back: never counted nowhere.
            await AddAsync(connectionId, endpoint, window, answeredAt, ct);
            await SubtractAsync(connectionId, endpoint, window, enteredAt, ct);
        }
    }

    public async Task<DateTimeOffset> LockAsync(string connectionId, string endpoint, DateTimeOffset until, CancellationToken ct)
    {
        var id = EndpointLockDocument.IdOf(connectionId, endpoint);
        var filter = Builders<EndpointLockDocument>.Filter.Eq(d => d.Id, id);
        var update = Builders<EndpointLockDocument>.Update.Max(d => d.LockedUntil, until)
            .SetOnInsert(d => d.ConnectionId, connectionId).SetOnInsert(d => d.Endpoint, endpoint);
        await MongoErrors.UpsertOneAsync(locks, filter, update, ct);
        EndpointLockDocument doc = await locks.Find(filter).FirstAsync(ct);
        return doc.LockedUntil;
    }

    private async Task AddAsync(string connectionId, string endpoint, CallWindow window, DateTimeOffset at, CancellationToken ct)
    {
        var period = EndpointWindows.PeriodMilliseconds(window);
        var start = EndpointWindows.BucketStart(window, at);
        var filter = Filter.Eq(d => d.Id, EndpointCallDocument.IdOf(connectionId, endpoint, period, start));
        var update = Update.Inc(d => d.Calls, 1L)
            .SetOnInsert(d => d.ConnectionId, connectionId).SetOnInsert(d => d.Endpoint, endpoint).SetOnInsert(d => d.PeriodMilliseconds, period)
            .SetOnInsert(d => d.BucketStart, start).SetOnInsert(d => d.ExpireAt, EndpointWindows.ExpiresAt(window, start));
        await MongoErrors.UpsertOneAsync(calls, filter, update, ct);
    }

    private Task SubtractAsync(string connectionId, string endpoint, CallWindow window, DateTimeOffset at, CancellationToken ct)
    {
        var id = EndpointCallDocument.IdOf(connectionId, endpoint, EndpointWindows.PeriodMilliseconds(window), EndpointWindows.BucketStart(window, at));
        return calls.UpdateOneAsync(Filter.Eq(d => d.Id, id) & Filter.Gt(d => d.Calls, 0L), Update.Inc(d => d.Calls, -1L), cancellationToken: ct);
    }

    /// <summary>Not cancellable: a count left behind keeps the window fuller than it is until its bucket expires.</summary>
    private async Task TakeBackAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset at)
    {
        foreach (var window in windows)
        {
            await SubtractAsync(connectionId, endpoint, window, at, CancellationToken.None);
        }
    }
}
