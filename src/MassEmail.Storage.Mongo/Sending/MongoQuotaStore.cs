using MassEmail.Core.Sending;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>quota_counters</c> collection. A reservation is one conditional <c>$inc</c> on the counter's
/// document (matched only while the result stays within the limit), so concurrent reservations can
/// never overspend; no transaction is involved.
/// </summary>
internal sealed class MongoQuotaStore(MongoCollections collections) : IQuotaStore
{
    private static readonly FilterDefinitionBuilder<QuotaCounterDocument> Filter = Builders<QuotaCounterDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<QuotaCounterDocument> Update = Builders<QuotaCounterDocument>.Update;
    private static readonly FindOneAndUpdateOptions<QuotaCounterDocument> After = new() { ReturnDocument = ReturnDocument.After };

    private readonly IMongoCollection<QuotaCounterDocument> counters = collections.QuotaCounters;

    public async Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (!MongoIds.IsValid(orgId))
        {
            return (false, 0);
        }

        ObjectId id = QuotaCounterDocument.IdOf(orgId, counter, day);
        if (amount > limit)
        {
            // No counter value can take it; checked here because limit - amount below would be negative.
            return (false, await GetUsedAsync(id, ct));
        }

        QuotaCounterDocument? reserved = await IncrementWithinAsync(id, amount, limit, ct);
        if (reserved is null)
        {
            // Either refused, or the day's first use of the counter: make sure it exists, then decide.
            await EnsureExistsAsync(id, orgId, counter, day, ct);
            reserved = await IncrementWithinAsync(id, amount, limit, ct);
        }

        return reserved is not null ? (true, reserved.Used) : (false, await GetUsedAsync(id, ct));
    }

    public async Task ReleaseAsync(string orgId, string counter, DateOnly day, long amount, CancellationToken ct)
    {
        if (amount <= 0 || !MongoIds.IsValid(orgId))
        {
            return;
        }

        ObjectId id = QuotaCounterDocument.IdOf(orgId, counter, day);
        while (true)
        {
            UpdateResult decremented = await counters.UpdateOneAsync(
                Filter.Eq(d => d.Id, id) & Filter.Gte(d => d.Used, amount), Update.Inc(d => d.Used, -amount), cancellationToken: ct);
            if (decremented.MatchedCount > 0)
            {
                return;
            }

            // Less is used than given back: compare-and-set to zero, retried if a reservation moved it meanwhile.
            QuotaCounterDocument? current = await counters.Find(Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(ct);
            if (current is null || current.Used == 0)
            {
                return;
            }

            if (current.Used < amount)
            {
                UpdateResult zeroed = await counters.UpdateOneAsync(
                    Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.Used, current.Used), Update.Set(d => d.Used, 0L), cancellationToken: ct);
                if (zeroed.MatchedCount > 0)
                {
                    return;
                }
            }
        }
    }

    public async Task<long> ReleaseUpToAsync(string orgId, string counter, DateOnly day, string key, long released, CancellationToken ct)
    {
        if (!IQuotaStore.IsReleaseKey(key))
        {
            throw new ArgumentException("not a release key", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(released);
        if (!MongoIds.IsValid(orgId))
        {
            return 0;
        }

        ObjectId id = QuotaCounterDocument.IdOf(orgId, counter, day);
        var field = $"releases.{key}";
        while (true)
        {
            QuotaCounterDocument? current = await counters.Find(Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(ct);
            if (current is null)
            {
                // The counter expired or was never used: the release is still recorded, so a repeat stays a repeat.
                await EnsureExistsAsync(id, orgId, counter, day, ct);
                continue;
            }

            long? before = current.Releases?.TryGetValue(key, out long b) == true ? b : null;
            if (released <= (before ?? 0))
            {
                return 0;
            }

            // Compare-and-set on the counter and the key's record in one document: a concurrent reservation, release or
            // settlement of the same key makes it match nothing, and it is tried again from a fresh read.
            long amount = released - (before ?? 0);
            FilterDefinition<QuotaCounterDocument> unchanged = Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.Used, current.Used)
                & (before is { } known ? Filter.Eq(field, known) : Filter.Exists(field, false));
            UpdateResult result = await counters.UpdateOneAsync(
                unchanged, Update.Set(d => d.Used, Math.Max(0, current.Used - amount)).Set(field, released), cancellationToken: ct);
            if (result.MatchedCount > 0)
            {
                return amount;
            }
        }
    }

    public Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct) =>
        MongoIds.IsValid(orgId) ? GetUsedAsync(QuotaCounterDocument.IdOf(orgId, counter, day), ct) : Task.FromResult(0L);

    /// <summary>The counter after adding <paramref name="amount"/>; null when it does not exist or the result would pass <paramref name="limit"/>.</summary>
    private async Task<QuotaCounterDocument?> IncrementWithinAsync(ObjectId id, long amount, long limit, CancellationToken ct) =>
        await counters.FindOneAndUpdateAsync(
            Filter.Eq(d => d.Id, id) & Filter.Lte(d => d.Used, limit - amount), Update.Inc(d => d.Used, amount), After, ct);

    private async Task EnsureExistsAsync(ObjectId id, string orgId, string counter, DateOnly day, CancellationToken ct)
    {
        try
        {
            await counters.UpdateOneAsync(
                Filter.Eq(d => d.Id, id),
                Update.SetOnInsert(d => d.OrgId, orgId)
                    .SetOnInsert(d => d.Counter, counter)
                    .SetOnInsert(d => d.Day, MassSendDocument.DayText(day))
                    .SetOnInsert(d => d.Used, 0L)
                    .SetOnInsert(d => d.ExpireAt, QuotaCounterDocument.ExpiryOf(day)),
                new UpdateOptions { IsUpsert = true },
                ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // A concurrent first use inserted it between our match and our insert: it exists, which is all we need.
        }
    }

    private async Task<long> GetUsedAsync(ObjectId id, CancellationToken ct)
    {
        QuotaCounterDocument? doc = await counters.Find(Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(ct);
        return doc?.Used ?? 0;
    }
}
