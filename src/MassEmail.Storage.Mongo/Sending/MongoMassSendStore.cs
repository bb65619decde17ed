using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>mass_sends</c> collection, with <c>mass_send_keys</c> deciding idempotency races: writes
/// conditional on version, newest-first listing, and the snapshot job leased by one atomic update.
/// </summary>
internal sealed class MongoMassSendStore(MongoCollections collections) : IMassSendStore
{
    private static readonly FilterDefinitionBuilder<MassSendDocument> Filter = Builders<MassSendDocument>.Filter;
    private static readonly SortDefinition<MassSendDocument> OldestFirst = Builders<MassSendDocument>.Sort.Ascending(d => d.Id);
    // The characters a pattern must escape to match themselves (escaping others is an error in some regex dialects).
    private const string RegexSyntax = @"\^$.|?*+()[]{}/";

    private static readonly SortDefinition<MassSendDocument> NewestFirst = Builders<MassSendDocument>.Sort.Descending(d => d.Id);

    // The workers' reads (polling sending sends, the re-read after each batch) leave the template content out: two
    // bodies of up to 512 KB each per send, the same every time. It comes from the cache, read once per send.
    private static readonly ProjectionDefinition<MassSendDocument, MassSendDocument> WithoutContent =
        Builders<MassSendDocument>.Projection.Exclude(d => d.ContentJson);

    private readonly IMongoCollection<MassSendDocument> sends = collections.MassSends;
    private readonly IMongoCollection<MassSendKeyDocument> keys = collections.MassSendKeys;
    private readonly SendContentCache contents = new();

    public async Task<MassSend> InsertOrGetAsync(MassSend send, CancellationToken ct)
    {
        MassSendDocument doc = MassSendDocument.FromDomain(send);
        MassSendKeyDocument key = MassSendKeyDocument.For(doc);
        try
        {
            // The key goes first: whoever creates it owns the key, even where unique secondary indexes are not enforced.
            await keys.InsertOneAsync(key, cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            MassSendKeyDocument owner = await keys.Find(Builders<MassSendKeyDocument>.Filter.Eq(d => d.Id, key.Id)).SingleAsync(ct);
            if (owner.OrgId != send.OrgId || owner.IdempotencyKey != send.IdempotencyKey)
            {
                throw new InvalidOperationException($"Idempotency key ids collide for organisation {send.OrgId}.");
            }

            // The owner's send may not be stored yet (its writer is between the two inserts, or stopped
            // there): storing the copy the key carries completes it, with the owner's id.
            return await GetOrInsertAsync(owner.Send, ct);
        }

        return await GetOrInsertAsync(doc, ct);
    }

    public async Task<MassSend?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        MassSendDocument? doc = await sends.Find(ById(orgId, id)).Project(WithoutContent).FirstOrDefaultAsync(ct);
        return doc is null ? null : (await WithContentAsync([doc], ct))[0];
    }

    public async Task<MassSend?> GetByIdempotencyKeyAsync(string orgId, string idempotencyKey, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return null;
        }

        MassSendDocument? doc = await sends.Find(ByKey(orgId, idempotencyKey)).Sort(OldestFirst).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<MassSend>> ListAsync(string orgId, SendState? state, string? beforeId, int limit, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || limit <= 0 || (beforeId is not null && !MongoIds.IsValid(beforeId)))
        {
            return [];
        }

        FilterDefinition<MassSendDocument> filter = Filter.Eq(d => d.OrgId, orgId);
        if (state is { } s)
        {
            filter &= Filter.Eq(d => d.State, s);
        }

        if (beforeId is not null)
        {
            filter &= Filter.Lt(d => d.Id, beforeId);
        }

        List<MassSendDocument> docs = await sends.Find(filter).Sort(NewestFirst).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(MassSend send, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(send.OrgId, send.Id))
        {
            return WriteOutcome.NotFound;
        }

        ReplaceOneResult result = await sends.ReplaceOneAsync(
            ById(send.OrgId, send.Id) & Filter.Eq(d => d.Version, expectedVersion),
            MassSendDocument.FromDomain(send),
            cancellationToken: ct);
        if (result.MatchedCount > 0)
        {
            return WriteOutcome.Done;
        }

        bool exists = await sends.Find(ById(send.OrgId, send.Id)).Project(d => d.Id).Limit(1).AnyAsync(ct);
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<MassSend?> ClaimSnapshotAsync(string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        FilterDefinition<MassSendDocument> claimable =
            Filter.In(d => d.State, [SendState.Queued, SendState.Sending])
            & Filter.Eq(d => d.SnapshotComplete, false)
            & (Filter.Eq(d => d.SnapshotLeaseUntil, null) | Filter.Lt(d => d.SnapshotLeaseUntil, now));

        // The version moves too, so a writer holding the send from before the claim cannot wipe the lease.
        UpdateDefinition<MassSendDocument> lease = Builders<MassSendDocument>.Update
            .Set(d => d.SnapshotOwner, worker)
            .Set(d => d.SnapshotLeaseUntil, leaseUntil)
            .Inc(d => d.Version, 1L);

        MassSendDocument? doc = await sends.FindOneAndUpdateAsync(
            claimable,
            lease,
            new FindOneAndUpdateOptions<MassSendDocument> { Sort = OldestFirst, ReturnDocument = ReturnDocument.After },
            ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<MassSend>> ListSendingAsync(int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        List<MassSendDocument> docs = await sends.Find(Filter.Eq(d => d.State, SendState.Sending))
            .Project(WithoutContent).Sort(OldestFirst).Limit(limit).ToListAsync(ct);
        return await WithContentAsync(docs, ct);
    }

    public async Task<IReadOnlyList<MassSend>> ListPausedAsync(string reasonPrefix, int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        // An anchored pattern with the regex syntax characters escaped: a plain prefix match, served by the state index
        // like ListSendingAsync.
        var prefix = new BsonRegularExpression("^" + string.Concat(reasonPrefix.Select(c => RegexSyntax.Contains(c) ? $"\\{c}" : c.ToString())));
        List<MassSendDocument> docs = await sends.Find(Filter.Eq(d => d.State, SendState.Paused) & Filter.Regex(d => d.PauseReason, prefix))
            .Project(WithoutContent).Sort(OldestFirst).Limit(limit).ToListAsync(ct);
        return await WithContentAsync(docs, ct);
    }

    public async Task<IReadOnlyList<MassSend>> ListUnsettledAsync(int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        // Served by ix_mass_sends_unsettled: the unsettled sends are the running ones and the few a settlement is due for.
        List<MassSendDocument> docs = await sends.Find(Filter.Eq(d => d.QuotaSettled, false) & Filter.In(d => d.State, [SendState.Completed, SendState.Cancelled]))
            .Project(WithoutContent).Sort(OldestFirst).Limit(limit).ToListAsync(ct);
        return await WithContentAsync(docs, ct);
    }

    /// <summary>
    /// The sends of <paramref name="docs"/> (read without their content) with their content: from the cache, or for the
    /// ones this process has not seen yet, from one read by <c>_id</c> of just that element.
    /// </summary>
    private async Task<List<MassSend>> WithContentAsync(List<MassSendDocument> docs, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string> missing = [];
        foreach (MassSendDocument doc in docs)
        {
            if (contents.TryGet(doc.Id, out string cached))
            {
                found[doc.Id] = cached;
            }
            else
            {
                missing.Add(doc.Id);
            }
        }

        if (missing.Count > 0)
        {
            List<MassSendDocument> read = await sends.Find(Filter.In(d => d.Id, missing))
                .Project<MassSendDocument>(Builders<MassSendDocument>.Projection.Include(d => d.Id).Include(d => d.ContentJson)).ToListAsync(ct);
            foreach (MassSendDocument r in read)
            {
                found[r.Id] = r.ContentJson;
                contents.Add(r.Id, r.ContentJson);
            }
        }

        List<MassSend> result = [];
        foreach (MassSendDocument doc in docs)
        {
            // Sends are never deleted today; one deleted between the two reads would come back without content.
            doc.ContentJson = found.GetValueOrDefault(doc.Id, "");
            result.Add(doc.ToDomain());
        }

        return result;
    }

    /// <summary>The stored send with <paramref name="doc"/>'s id (which may have moved on), after inserting <paramref name="doc"/> if there was none.</summary>
    private async Task<MassSend> GetOrInsertAsync(MassSendDocument doc, CancellationToken ct)
    {
        MassSendDocument? stored = await sends.Find(ById(doc.OrgId, doc.Id)).FirstOrDefaultAsync(ct);
        if (stored is not null)
        {
            return stored.ToDomain();
        }

        try
        {
            await sends.InsertOneAsync(doc, cancellationToken: ct);
            return doc.ToDomain();
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Another caller completed the same insert a moment earlier.
            stored = await sends.Find(ByKey(doc.OrgId, doc.IdempotencyKey)).Sort(OldestFirst).FirstOrDefaultAsync(ct);
            return stored?.ToDomain() ?? throw new InvalidOperationException($"Mass send {doc.Id} was refused as a duplicate but cannot be found.");
        }
    }

    private static FilterDefinition<MassSendDocument> ById(string orgId, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);

    private static FilterDefinition<MassSendDocument> ByKey(string orgId, string idempotencyKey) =>
        Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.IdempotencyKey, idempotencyKey);
}
