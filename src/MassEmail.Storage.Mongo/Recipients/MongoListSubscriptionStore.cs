using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// The <c>list_subscriptions</c> collection: one document per (org_id, list_id, record_id). Writes are
/// conditional upserts and deletes, so concurrent callers never overwrite an unsubscription.
/// </summary>
internal sealed class MongoListSubscriptionStore(MongoCollections collections) : IListSubscriptionStore
{
    // Keeps each bulk write and $in of a list change bounded.
    private const int Chunk = 1000;

    private static readonly FilterDefinitionBuilder<ListSubscriptionDocument> Filter = Builders<ListSubscriptionDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<ListSubscriptionDocument> Update = Builders<ListSubscriptionDocument>.Update;

    private readonly IMongoCollection<ListSubscriptionDocument> subscriptions = collections.ListSubscriptions;

    public async Task<int> AddAsync(string orgId, string listId, IReadOnlyList<string> recordIds, string source, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, listId))
        {
            return 0;
        }

        // Upserts that only set on insert: an existing state, subscribed or not, is left as it is.
        UpdateDefinition<ListSubscriptionDocument> subscribe = Update
            .SetOnInsert(d => d.State, SubscriptionState.Subscribed)
            .SetOnInsert(d => d.Source, source)
            .SetOnInsert(d => d.At, at);
        var added = 0;
        foreach (var chunk in ValidIds(recordIds).Chunk(Chunk))
        {
            var writes = chunk.Select(recordId => new UpdateOneModel<ListSubscriptionDocument>(Key(orgId, listId, recordId), subscribe) { IsUpsert = true });
            try
            {
                BulkWriteResult<ListSubscriptionDocument> result = await subscriptions.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, ct);
                added += result.Upserts.Count;
            }
            catch (MongoBulkWriteException<ListSubscriptionDocument> e) when (e.WriteConcernError is null
                && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                // A concurrent caller inserted some of them first; those were not added by this call.
                added += e.Result.Upserts.Count;
            }
        }

        return added;
    }

    public async Task<int> RemoveAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, listId))
        {
            return 0;
        }

        long removed = 0;
        foreach (var chunk in ValidIds(recordIds).Chunk(Chunk))
        {
            // Only subscribed entries: an unsubscription is kept.
            DeleteResult result = await subscriptions.DeleteManyAsync(
                Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.ListId, listId) & Filter.In(d => d.RecordId, chunk)
                    & Filter.Eq(d => d.State, SubscriptionState.Subscribed),
                ct);
            removed += result.DeletedCount;
        }

        return (int)removed;
    }

    public async Task SetAsync(ListSubscription subscription, CancellationToken ct)
    {
        if (!MongoIds.AreValid(subscription.OrgId, subscription.ListId) || !MongoIds.IsValid(subscription.RecordId))
        {
            return;
        }

        FilterDefinition<ListSubscriptionDocument> key = Key(subscription.OrgId, subscription.ListId, subscription.RecordId);
        UpdateDefinition<ListSubscriptionDocument> set = Update
            .Set(d => d.State, subscription.State)
            .Set(d => d.Source, subscription.Source)
            .Set(d => d.At, subscription.At);
        await MongoErrors.UpsertOneAsync(subscriptions, key, set, ct);
    }

    public async Task<ListSubscription?> GetAsync(string orgId, string listId, string recordId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, listId) || !MongoIds.IsValid(recordId))
        {
            return null;
        }

        ListSubscriptionDocument? doc = await subscriptions.Find(Key(orgId, listId, recordId)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<ListSubscription>> ListForRecordAsync(string orgId, string recordId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, recordId))
        {
            return [];
        }

        List<ListSubscriptionDocument> docs = await subscriptions.Find(Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.RecordId, recordId)).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain()).OrderBy(s => s.ListId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ListSubscription>> GetManyAsync(string orgId, string listId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, listId))
        {
            return [];
        }

        var found = new List<ListSubscription>();
        foreach (var chunk in ValidIds(recordIds).Chunk(Chunk))
        {
            List<ListSubscriptionDocument> docs = await subscriptions
                .Find(Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.ListId, listId) & Filter.In(d => d.RecordId, chunk)).ToListAsync(ct);
            found.AddRange(docs.Select(d => d.ToDomain()));
        }

        return found;
    }

    public async Task<IReadOnlyList<ListSubscription>> SubscribedSinceAsync(
        string orgId, string listId, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, listId) || (afterRecordId is not null && !MongoIds.IsValid(afterRecordId)))
        {
            return [];
        }

        var after = Filter.Gt(d => d.At, since);
        if (afterRecordId is not null)
        {
            after |= Filter.Eq(d => d.At, since) & Filter.Gt(d => d.RecordId, afterRecordId);
        }

        var filter = Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.ListId, listId) & Filter.Eq(d => d.State, SubscriptionState.Subscribed) & after;
        List<ListSubscriptionDocument> docs = await subscriptions.Find(filter)
            .Sort(Builders<ListSubscriptionDocument>.Sort.Ascending(d => d.At).Ascending(d => d.RecordId)).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    private static FilterDefinition<ListSubscriptionDocument> Key(string orgId, string listId, string recordId) =>
        Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.ListId, listId) & Filter.Eq(d => d.RecordId, recordId);

    // Lower-cased so that two spellings of one id are one record.
    private static IEnumerable<string> ValidIds(IEnumerable<string> ids) =>
        ids.Where(MongoIds.IsValid).Select(id => id.ToLowerInvariant()).Distinct(StringComparer.Ordinal);
}
