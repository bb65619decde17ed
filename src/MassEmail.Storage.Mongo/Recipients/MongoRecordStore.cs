using MassEmail.Core.Recipients;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Mongo.Recipients.Criteria;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// The <c>records</c> collection: upserts by external id in bulk, keyset search by id. Deleting a
/// record also deletes its list subscriptions.
/// </summary>
internal sealed class MongoRecordStore(MongoCollections collections, MongoCriteriaTranslator criteria, IOptions<MongoStoreOptions> options) : IRecordStore
{
    private readonly TimeSpan queryTimeLimit = options.Value.QueryTimeLimit;

    // Keeps each external id lookup of an import batch to a bounded $in.
    private const int LookupChunk = 1000;

    private static readonly BsonDocument ById = new(RecordFields.Id, 1);

    private readonly IMongoCollection<RecordDocument> records = collections.Records;
    private readonly IMongoCollection<ListSubscriptionDocument> subscriptions = collections.ListSubscriptions;

    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(
        string orgId, RecordModule module, IReadOnlyList<RecipientRecord> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        Dictionary<string, StoredRecord> stored = await FindStoredAsync(
            orgId, module, [.. batch.Select(r => r.ExternalId).Distinct(StringComparer.Ordinal)], ct);
        var plan = new RecordUpsertPlan(stored);
        foreach (RecipientRecord record in batch)
        {
            plan.Add(record);
        }

        var writes = plan.Writes();
        if (writes.Count == 0)
        {
            return plan.Outcomes;
        }

        try
        {
            await records.BulkWriteAsync(writes.Select(w => w.Model), new BulkWriteOptions { IsOrdered = false }, ct);
        }
        catch (MongoBulkWriteException<RecordDocument> e) when (e.WriteConcernError is null
            && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey && writes[w.Index].Model is InsertOneModel<RecordDocument>))
        {
            // Another writer inserted the same external id since the lookup: the unique index refused
            // ours (the other writes of the unordered batch went through), so those rows become updates.
            foreach (BulkWriteError error in e.WriteErrors)
            {
                if (!await RetryAsUpdateAsync(orgId, module, plan, writes[error.Index].ExternalId, ct))
                {
                    throw;
                }
            }
        }

        return plan.Outcomes;
    }

    public async Task<RecipientRecord?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        RecordDocument? doc = await FindRecords(RecordFilters.ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<RecipientRecord?> GetByExternalIdAsync(string orgId, RecordModule module, string externalId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return null;
        }

        BsonDocument filter = RecordFilters.Scope(orgId, module).Add(RecordFields.ExternalId, externalId);
        RecordDocument? doc = await FindRecords(filter).Sort(ById).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<RecipientRecord>> FindByEmailKeyAsync(string orgId, RecordModule module, string emailKey, int limit, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || limit < 1)
        {
            return [];
        }

        // Served by ix_records_email.
        BsonDocument filter = RecordFilters.Scope(orgId, module).Add(RecordFields.EmailKey, emailKey);
        List<RecordDocument> docs = await FindRecords(filter).Sort(ById).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        // Resumable across its steps (the tombstone, the record, then its subscriptions): see MongoPurges.
        return await new MongoPurges(collections).DeleteRecordAsync(orgId, id, at, ct);
    }

    public async Task<IReadOnlyList<RecordDeletion>> DeletedSinceAsync(
        string orgId, RecordModule module, DateTimeOffset since, string? afterRecordId, int limit, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || limit <= 0 || (afterRecordId is not null && !MongoIds.IsValid(afterRecordId)))
        {
            return [];
        }

        FilterDefinitionBuilder<RecordDeletionDocument> f = Builders<RecordDeletionDocument>.Filter;
        var after = f.Gt(d => d.DeletedAt, since);
        if (afterRecordId is not null)
        {
            after |= f.Eq(d => d.DeletedAt, since) & f.Gt(d => d.RecordId, afterRecordId);
        }

        List<RecordDeletionDocument> docs = await collections.RecordDeletions
            .Find(f.Eq(d => d.OrgId, orgId) & f.Eq(d => d.Module, module) & after)
            .Sort(Builders<RecordDeletionDocument>.Sort.Ascending(d => d.DeletedAt).Ascending(d => d.RecordId)).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<IReadOnlyList<RecipientRecord>> SearchAsync(RecordSearch search, CancellationToken ct)
    {
        if (!MongoIds.IsValid(search.OrgId) || search.Limit <= 0 || (search.AfterId is { } after && !MongoIds.IsValid(after)))
        {
            return [];
        }

        return await MongoErrors.TimeLimitedAsync("record search", queryTimeLimit, () => SearchWithinLimitAsync(search, ct));
    }

    private async Task<IReadOnlyList<RecipientRecord>> SearchWithinLimitAsync(RecordSearch search, CancellationToken ct)
    {
        var conditions = new List<BsonDocument> { RecordFilters.Scope(search.OrgId, search.Module) };
        if (search.AfterId is not null)
        {
            conditions.Add(new BsonDocument(RecordFields.Id, new BsonDocument("$gt", ObjectId.Parse(search.AfterId))));
        }

        RecordCriteria? translated = search.Filter is null ? null : await criteria.TranslateAsync(search.OrgId, search.Filter, ct);
        List<RecordDocument> docs;
        if (translated is not { NeedsJoins: true })
        {
            if (translated is not null)
            {
                conditions.Add(translated.Filter);
            }

            docs = await FindRecords(RecordFilters.And(conditions), new FindOptions { MaxTime = queryTimeLimit })
                .Sort(ById).Limit(search.Limit).ToListAsync(ct);
        }
        else
        {
            // A client condition joined per record: the records in id order that pass the rest, joined, filtered, limited,
            // and projected as a find would be.
            conditions.Add(translated.Prefilter);
            List<BsonDocument> stages = [new("$match", RecordFilters.And(conditions)), new("$sort", ById), .. translated.JoinStages(), new("$limit", search.Limit)];
            var pipeline = PipelineDefinition<RecordDocument, RecordDocument>.Create(stages).Project(RecordDocument.Domain);
            using IAsyncCursor<RecordDocument> cursor = await records.AggregateAsync(pipeline, new AggregateOptions { MaxTime = queryTimeLimit }, ct);
            docs = await cursor.ToListAsync(ct);
        }

        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> SetEmailOptOutAsync(string orgId, string id, bool optOut, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        UpdateResult result = await records.UpdateOneAsync(
            RecordFilters.ById(orgId, id),
            Builders<RecordDocument>.Update.Set(d => d.EmailOptOut, optOut).Set(d => d.UpdatedAt, at),
            cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<IReadOnlyList<string>> FindExistingAsync(string orgId, RecordModule module, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || ids.Count == 0)
        {
            return [];
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Where(MongoIds.IsValid).Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            List<BsonDocument> docs = await records.Find(RecordFilters.And(RecordFilters.Scope(orgId, module), RecordFilters.IdIn(chunk)))
                .Project(ById).ToListAsync(ct);
            found.UnionWith(docs.Select(d => d[RecordFields.Id].AsObjectId.ToString()));
        }

        return [.. ids.Where(found.Contains).Distinct(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<RecipientRecord>> GetManyAsync(string orgId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || ids.Count == 0)
        {
            return [];
        }

        var found = new List<RecipientRecord>(ids.Count);
        foreach (var chunk in ids.Where(MongoIds.IsValid).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(LookupChunk))
        {
            var filter = RecordFilters.And(new BsonDocument(RecordFields.OrgId, ObjectId.Parse(orgId)), RecordFilters.IdIn(chunk));
            List<RecordDocument> docs = await FindRecords(filter).ToListAsync(ct);
            found.AddRange(docs.Select(d => d.ToDomain()));
        }

        return [.. found.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>The records of <paramref name="filter"/>, as a domain record is read from them (<see cref="RecordDocument.Domain"/>).</summary>
    private IFindFluent<RecordDocument, RecordDocument> FindRecords(FilterDefinition<RecordDocument> filter, FindOptions? options = null) =>
        records.Find(filter, options).Project(RecordDocument.Domain);

    private async Task<Dictionary<string, StoredRecord>> FindStoredAsync(
        string orgId, RecordModule module, IReadOnlyList<string> externalIds, CancellationToken ct)
    {
        var stored = new Dictionary<string, StoredRecord>(StringComparer.Ordinal);
        BsonDocument projection = new() { [RecordFields.Id] = 1, [RecordFields.ExternalId] = 1, [RecordFields.ContentHash] = 1 };
        foreach (var chunk in externalIds.Chunk(LookupChunk))
        {
            BsonDocument filter = RecordFilters.Scope(orgId, module)
                .Add(RecordFields.ExternalId, new BsonDocument("$in", new BsonArray(chunk)));
            List<BsonDocument> docs = await records.Find(filter).Project(projection).ToListAsync(ct);
            foreach (BsonDocument doc in docs)
            {
                stored.TryAdd(
                    doc[RecordFields.ExternalId].AsString,
                    new StoredRecord(doc[RecordFields.Id].AsObjectId.ToString(), doc.GetValue(RecordFields.ContentHash, "").AsString));
            }
        }

        return stored;
    }

    /// <summary>Writes the row another writer inserted first as an update of that record; false when there is no such record.</summary>
    private async Task<bool> RetryAsUpdateAsync(string orgId, RecordModule module, RecordUpsertPlan plan, string externalId, CancellationToken ct)
    {
        RecipientRecord pending = plan.PendingInsert(externalId);
        if (!(await FindStoredAsync(orgId, module, [externalId], ct)).TryGetValue(externalId, out StoredRecord? existing))
        {
            return false;
        }

        if (existing.ContentHash == pending.ContentHash)
        {
            plan.Redirect(pending.Id, existing.Id, UpsertResult.Unchanged);
            return true;
        }

        await records.BulkWriteAsync([RecordUpsertPlan.UpdateOf(existing.Id, pending)], cancellationToken: ct);
        plan.Redirect(pending.Id, existing.Id, UpsertResult.Updated);
        return true;
    }
}
