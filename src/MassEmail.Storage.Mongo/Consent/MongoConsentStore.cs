using MassEmail.Core.Consent;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Mongo.Recipients;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Consent;

/// <summary>
/// Consent changes without multi-document transactions, exact under kill -9: one update of the changed document (the
/// record for an opt-out, the subscription for a list) sets the new state AND pushes the change into the document's
/// <c>consent_pending</c> array, so the change never exists without its entry. The writer then copies every pending
/// entry of that document into <c>consent_changes</c> (an upsert by the change id: repeating it is harmless) and pulls
/// them from the document. A writer killed in between leaves entries in the array; the outbox read and the history
/// read copy them first, so they are neither lost nor doubled. Entries of one document are copied in array order.
/// </summary>
internal sealed class MongoConsentStore(MongoCollections c) : IConsentStore
{
    private const string Pending = ConsentChangeDocument.PendingField;
    private const int SweepBatch = 500;

    private readonly IMongoCollection<BsonDocument> records = c.Database.GetCollection<BsonDocument>(
        c.Records.CollectionNamespace.CollectionName, c.Records.Settings);

    private readonly IMongoCollection<BsonDocument> subscriptions = c.Database.GetCollection<BsonDocument>(
        c.ListSubscriptions.CollectionNamespace.CollectionName, c.ListSubscriptions.Settings);

    public async Task<bool> ApplyAsync(ConsentChange change, CancellationToken ct)
    {
        if (!MongoIds.AreValid(change.OrgId, change.RecordId) || !MongoIds.IsValid(change.Id)
            || (!change.IsOptOut && !MongoIds.IsValid(change.ListId ?? "")))
        {
            return false;
        }

        var entry = ConsentChangeDocument.From(change).ToBsonDocument();
        foreach (var outboxOnly in new[] { "done", "holder", "next_at", "done_targets" })
        {
            entry.Remove(outboxOnly);
        }

        var record = RecordFilter(change.OrgId, change.RecordId);
        if (change.IsOptOut)
        {
            var update = Builders<BsonDocument>.Update
                .Set(RecordFields.EmailOptOut, change.Kind == ConsentKind.OptedOut)
                .Set(RecordFields.UpdatedAt, new BsonDateTime(change.At.UtcDateTime))
                .Push(Pending, entry);
            var changed = await records.FindOneAndUpdateAsync(record, update, After(), ct);
            if (changed is null)
            {
                return false;
            }

            await CopyAsync(records, changed, ct);
            return true;
        }

        if (await records.CountDocumentsAsync(record, new CountOptions { Limit = 1 }, ct) == 0)
        {
            return false;
        }

        var state = change.Kind == ConsentKind.Subscribed ? SubscriptionState.Subscribed : SubscriptionState.Unsubscribed;
        var set = Builders<BsonDocument>.Update
            .Set(SubscriptionFields.State, (int)state)
            .Set(SubscriptionFields.Source, change.Source)
            .Set(SubscriptionFields.At, new BsonDateTime(change.At.UtcDateTime))
            .Push(Pending, entry);
        var key = new BsonDocument
        {
            [SubscriptionFields.OrgId] = ObjectId.Parse(change.OrgId),
            [SubscriptionFields.ListId] = ObjectId.Parse(change.ListId!),
            [SubscriptionFields.RecordId] = ObjectId.Parse(change.RecordId),
        };
        BsonDocument subscription;
        try
        {
            subscription = await subscriptions.FindOneAndUpdateAsync(key, set, After(upsert: true), ct);
        }
        catch (MongoCommandException e) when (e.Code == 11000)
        {
            // Two first writes of one subscription raced on the unique key: the other created it, this one updates it.
            subscription = await subscriptions.FindOneAndUpdateAsync(key, set, After(), ct);
        }

        await CopyAsync(subscriptions, subscription, ct);
        return true;
    }

    public async Task<IReadOnlyList<ConsentChange>> HistoryAsync(string orgId, string recordId, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, recordId))
        {
            return [];
        }

        // Finish the copies a killed writer left for this record, so that the history shows every applied change.
        var org = ObjectId.Parse(orgId);
        var id = ObjectId.Parse(recordId);
        await SweepAsync(records, RecordFilter(orgId, recordId) & HasPending(), ct);
        await SweepAsync(subscriptions, new BsonDocument { [SubscriptionFields.OrgId] = org, [SubscriptionFields.RecordId] = id } & HasPending(), ct);
        var rows = await c.ConsentChanges.Find(d => d.OrgId == orgId && d.RecordId == recordId)
            .SortByDescending(d => d.Id).Limit(limit).ToListAsync(ct);
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task<IReadOnlyList<ConsentChange>> ReadPendingAsync(int limit, CancellationToken ct)
    {
        await SweepAsync(records, HasPending(), ct);
        await SweepAsync(subscriptions, HasPending(), ct);
        var rows = await c.ConsentChanges.Find(d => d.Done == false).SortBy(d => d.Id).Limit(limit).ToListAsync(ct);
        return [.. rows.Select(r => r.ToDomain())];
    }

    public async Task MarkDoneAsync(IReadOnlyList<string> changeIds, CancellationToken ct)
    {
        var ids = changeIds.Where(MongoIds.IsValid).Select(ObjectId.Parse).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await c.ConsentChanges.Database.GetCollection<BsonDocument>(c.ConsentChanges.CollectionNamespace.CollectionName, c.ConsentChanges.Settings)
            .UpdateManyAsync(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids))), new BsonDocument("$set", new BsonDocument("done", true)), cancellationToken: ct);
    }

    public async Task<IReadOnlyList<PendingConsentChange>> ClaimPendingAsync(
        string holder, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await SweepAsync(records, HasPending(), ct);
        await SweepAsync(subscriptions, HasPending(), ct);
        var due = Builders<ConsentChangeDocument>.Filter.Eq(d => d.Done, false)
            & (Builders<ConsentChangeDocument>.Filter.Eq(d => d.NextAt, null) | Builders<ConsentChangeDocument>.Filter.Lte(d => d.NextAt, now));

        // Candidates in write order, then one conditional update each: of instances racing for one, one matches.
        var candidates = await c.ConsentChanges.Find(due).SortBy(d => d.Id).Limit(limit).ToListAsync(ct);
        var claimed = new List<PendingConsentChange>();
        foreach (var candidate in candidates)
        {
            var result = await c.ConsentChanges.UpdateOneAsync(
                Builders<ConsentChangeDocument>.Filter.Eq(d => d.Id, candidate.Id) & due,
                Builders<ConsentChangeDocument>.Update.Set(d => d.Holder, holder).Set(d => d.NextAt, leaseUntil),
                cancellationToken: ct);
            if (result.ModifiedCount > 0)
            {
                claimed.Add(new PendingConsentChange(candidate.ToDomain(), candidate.DoneTargets ?? []));
            }
        }

        return claimed;
    }

    public async Task<bool> DeferAsync(string changeId, string holder, DateTimeOffset retryAt, IReadOnlyList<string> doneTargets, CancellationToken ct)
    {
        if (!MongoIds.IsValid(changeId))
        {
            return false;
        }

        var result = await c.ConsentChanges.UpdateOneAsync(
            d => d.Id == changeId && d.Holder == holder && d.Done == false,
            Builders<ConsentChangeDocument>.Update.Set(d => d.Holder, null).Set(d => d.NextAt, retryAt).Set(d => d.DoneTargets, [.. doneTargets]),
            cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<long> CountPendingAsync(CancellationToken ct) =>
        await c.ConsentChanges.CountDocumentsAsync(d => d.Done == false, cancellationToken: ct);

    /// <summary>Copies the document's pending entries into consent_changes (in order), then pulls them from it.</summary>
    private async Task CopyAsync(IMongoCollection<BsonDocument> collection, BsonDocument document, CancellationToken ct)
    {
        if (!document.TryGetValue(Pending, out var value) || value is not BsonArray { Count: > 0 } pending)
        {
            return;
        }

        var ids = new BsonArray();
        foreach (var item in pending.OfType<BsonDocument>())
        {
            var row = BsonSerializer.Deserialize<ConsentChangeDocument>(item);
            // Insert-if-absent: a copy repeated after the outbox marked the entry done leaves it done.
            await c.ConsentChanges.UpdateOneAsync(
                d => d.Id == row.Id,
                Builders<ConsentChangeDocument>.Update
                    .SetOnInsert(d => d.OrgId, row.OrgId)
                    .SetOnInsert(d => d.RecordId, row.RecordId)
                    .SetOnInsert(d => d.ListId, row.ListId)
                    .SetOnInsert(d => d.Kind, row.Kind)
                    .SetOnInsert(d => d.Source, row.Source)
                    .SetOnInsert(d => d.At, row.At)
                    .SetOnInsert(d => d.Done, false),
                new UpdateOptions { IsUpsert = true },
                ct);
            ids.Add(item["_id"]);
        }

        // One pull per entry, by its id alone: the form every MongoDB-wire server understands the same way.
        foreach (var id in ids)
        {
            await collection.UpdateOneAsync(
                new BsonDocument("_id", document["_id"]),
                new BsonDocument("$pull", new BsonDocument(Pending, new BsonDocument("_id", id))),
                cancellationToken: ct);
        }
    }

    private async Task SweepAsync(IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, CancellationToken ct)
    {
        var left = await collection.Find(filter).Limit(SweepBatch).ToListAsync(ct);
        foreach (var document in left)
        {
            await CopyAsync(collection, document, ct);
        }
    }

    // A range over every ObjectId rather than $exists: served by the multikey index on consent_pending._id, whose
    // entries for documents without pending changes (null) fall outside it.
    private static FilterDefinition<BsonDocument> HasPending() => Builders<BsonDocument>.Filter.Gt(Pending + "._id", ObjectId.Empty);

    private static FilterDefinition<BsonDocument> RecordFilter(string orgId, string recordId) => RecordFilters.ById(orgId, recordId);

    private static FindOneAndUpdateOptions<BsonDocument> After(bool upsert = false) =>
        new() { ReturnDocument = ReturnDocument.After, IsUpsert = upsert };
}
