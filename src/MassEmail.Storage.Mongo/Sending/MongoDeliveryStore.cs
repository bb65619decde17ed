using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>deliveries</c> collection and its claim units, <c>delivery_batches</c>: snapshot rows appended once per
/// (send, record) after their batch documents, which become claimable only once the rows are stored (a batch claimable
/// before its rows would be claimed empty and closed); batches claimed with a lease and a fresh token, outcomes stored
/// in bulk writes. Each batch keeps the counts of its rows (<see cref="MongoDeliveryCounts"/>), so a send's counts never
/// read its deliveries. Nothing here needs a transaction or a unique secondary index to stay correct under concurrent
/// workers.
/// </summary>
internal sealed class MongoDeliveryStore(MongoCollections collections) : IDeliveryStore
{
    // Keeps each record id lookup of an append (and each id list of a write) to a bounded $in.
    internal const int LookupChunk = 1000;

    // The batch size for rows an earlier build wrote without batches (the shipped Sending:BatchSize).
    private const int LegacyBatchSize = 50;

    private static readonly FilterDefinitionBuilder<DeliveryDocument> Filter = Builders<DeliveryDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<DeliveryDocument> Update = Builders<DeliveryDocument>.Update;
    private static readonly FilterDefinitionBuilder<DeliveryBatchDocument> BatchFilter = Builders<DeliveryBatchDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<DeliveryBatchDocument> BatchUpdate = Builders<DeliveryBatchDocument>.Update;
    private static readonly SortDefinition<DeliveryDocument> ById = Builders<DeliveryDocument>.Sort.Ascending(d => d.Id);

    // With every state listed, a listing of all states walks ix_deliveries_claim as one merge of
    // per-state ranges already in _id order, instead of sorting the whole send in memory.
    private static readonly DeliveryState[] AllStates = Enum.GetValues<DeliveryState>();

    private readonly IMongoCollection<DeliveryDocument> deliveries = collections.Deliveries;
    private readonly IMongoCollection<DeliveryBatchDocument> batches = collections.DeliveryBatches;
    private readonly IMongoCollection<MassSendDocument> sends = collections.MassSends;
    private readonly MongoDeliveryCounts counts = new(collections);

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        foreach (IGrouping<string, Delivery> ofSend in rows.GroupBy(r => r.SendId, StringComparer.Ordinal))
        {
            // Rows already written (a resumed snapshot) are left alone; so is a repeat within the batch.
            string orgId = ofSend.First().OrgId;
            List<DeliveryDocument> stored = await StoredRowsAsync(ofSend.Key, [.. ofSend.Select(r => r.RecordId)], ct);
            HashSet<string> seen = [.. stored.Select(d => d.RecordId)];
            await AddMissingBatchesAsync(ofSend.Key, orgId, stored, batchSize, ct);
            List<DeliveryDocument> fresh = [.. ofSend.Where(r => seen.Add(r.RecordId)).Select(DeliveryDocument.FromDomain)];
            if (fresh.Count == 0)
            {
                continue;
            }

            // The PENDING rows in claim units, the others (SKIPPED) in DONE batches of their own, so that every row's
            // state is counted by a batch. The batches go first, announced and not claimable, then the rows.
            await counts.EnsureLedgerAsync(ofSend.Key, orgId, ct);
            List<DeliveryBatchDocument> planned =
                [.. Plan(fresh.Where(d => d.State == DeliveryState.Pending), batchSize), .. Plan(fresh.Where(d => d.State != DeliveryState.Pending), batchSize)];
            foreach (DeliveryBatchDocument batch in planned)
            {
                (batch.State, batch.Appending, batch.Dirty, batch.Gen) = (DeliveryBatchState.Done, true, 1, 0);
            }

            await InsertBatchesAsync(planned, ct);
            HashSet<int> refused = [];
            try
            {
                await deliveries.InsertManyAsync(fresh, new InsertManyOptions { IsOrdered = false }, ct);
            }
            catch (MongoBulkWriteException<DeliveryDocument> e) when (e.WriteConcernError is null
                && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                // A concurrent writer stored some of these since the lookup (ux_deliveries_record or _id
                // refused ours); the unordered insert wrote all the others.
                refused = [.. e.WriteErrors.Select(w => w.Index)];
            }

            await FinishAppendAsync(planned, [.. fresh.Where((_, i) => !refused.Contains(i))], ct);
        }
    }

    /// <summary>
    /// Makes an append's batches claimable with the counts of the rows it stored (only it writes rows of its batches,
    /// and nobody changes them before they are claimable), in one bulk write. A batch a resumed snapshot made claimable
    /// meanwhile is settled from its rows instead.
    /// </summary>
    private async Task FinishAppendAsync(List<DeliveryBatchDocument> planned, List<DeliveryDocument> stored, CancellationToken ct)
    {
        Dictionary<string, DeliveryBatchCountsDocument> byBatch = stored.GroupBy(d => d.BatchId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => DeliveryBatchCountsDocument.Of(g.CountBy(d => d.State).Select(c => (c.Key, (long)c.Value))), StringComparer.Ordinal);
        List<UpdateOneModel<DeliveryBatchDocument>> finish =
        [
            .. planned.Select(b => byBatch.GetValueOrDefault(b.Id) ?? new DeliveryBatchCountsDocument()).Zip(planned, (c, b) => new UpdateOneModel<DeliveryBatchDocument>(
                BatchFilter.Eq(d => d.Id, b.Id) & BatchFilter.Eq(d => d.Appending, true) & BatchFilter.Eq(d => d.State, DeliveryBatchState.Done) & BatchFilter.Eq(d => d.Gen, 0L),
                BatchUpdate.Set(d => d.Counts, c).Set(d => d.State, c.Pending > 0 ? DeliveryBatchState.Pending : DeliveryBatchState.Done)
                    .Set(d => d.Appending, false).Inc(d => d.Dirty, -1).Inc(d => d.Gen, 1L))),
        ];
        if (finish.Count == 0 || (await batches.BulkWriteAsync(finish, new BulkWriteOptions { IsOrdered = false }, ct)).MatchedCount == finish.Count)
        {
            return;
        }

        foreach (DeliveryBatchDocument opened in await batches.Find(BatchFilter.In(b => b.Id, planned.Select(b => b.Id)) & BatchFilter.Eq(b => b.Appending, true)).ToListAsync(ct))
        {
            await counts.SettleAsync(opened.Id, BatchFilter.Empty, writer: true, (_, _) => BatchUpdate.Set(b => b.Appending, false), ct);
        }
    }

    public async Task<DeliveryBatch?> ClaimBatchAsync(string sendId, string owner, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (!MongoIds.IsValid(sendId))
        {
            return null;
        }

        while (true)
        {
            var token = ObjectId.GenerateNewId().ToString();
            try
            {
                DeliveryBatch? claimed = await TryClaimAsync(sendId, owner, token, leaseUntil, ct);
                if (claimed is null || claimed.Rows.Count > 0)
                {
                    return claimed;
                }
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException)
            {
                // The claim may have been applied with its answer lost (a stepdown, a dropped connection, a cancelled
                // read-back): nobody knows its token, so its batch would wait for its lease to expire. Hand it back.
                await GiveBackUnansweredClaimAsync(sendId, token);
                throw;
            }
        }
    }

    /// <summary>Claims the send's next pending batch under <paramref name="token"/>; null when none is left, a batch
    /// without rows when the claimed batch had no pending row left (it is closed, and the caller tries the next).</summary>
    private async Task<DeliveryBatch?> TryClaimAsync(string sendId, string owner, string token, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        DeliveryBatchDocument? batch = await batches.FindOneAndUpdateAsync(
            BatchFilter.Eq(b => b.SendId, sendId) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Pending),
            BatchUpdate.Set(b => b.State, DeliveryBatchState.Claimed).Set(b => b.Owner, owner).Set(b => b.Token, token)
                .Set(b => b.LeaseUntil, leaseUntil).Set(b => b.InFlightId, null),
            new FindOneAndUpdateOptions<DeliveryBatchDocument> { Sort = Builders<DeliveryBatchDocument>.Sort.Ascending(b => b.Id), ReturnDocument = ReturnDocument.After },
            ct);
        if (batch is null)
        {
            return null;
        }

        List<DeliveryDocument> rows = await deliveries.Find(RowsOf(sendId, batch.Id, batch.LastId) & Filter.Eq(d => d.State, DeliveryState.Pending))
            .Sort(ById).ToListAsync(ct);
        if (rows.Count == 0)
        {
            // Every row of the batch has an outcome (e.g. its last rows turned UNKNOWN at a lease expiry): close it
            // (or give it back, should a requeue have just made rows PENDING).
            await counts.SettleAsync(batch.Id, Held(batch.Id, token), writer: false, EndedBy, ct);
        }

        return new DeliveryBatch(sendId, batch.Id, token, leaseUntil, [.. rows.Select(d => d.ToDomain())]);
    }

    /// <summary>
    /// Returns a batch claimed under <paramref name="token"/> whose claim failed to answer to PENDING at once (a claim
    /// writes no row and no count, and no provider call can have started under a token nobody received). Best effort:
    /// should the store not answer now either, the lease expiry returns it (its rows PENDING: it has no in-flight mark).
    /// </summary>
    private async Task GiveBackUnansweredClaimAsync(string sendId, string token)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await batches.UpdateOneAsync(
                    BatchFilter.Eq(b => b.SendId, sendId) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Claimed)
                        & BatchFilter.Eq(b => b.Token, token) & BatchFilter.Eq(b => b.InFlightId, null),
                    Ended(DeliveryBatchState.Pending),
                    cancellationToken: bounded.Token);
                return;
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException)
            {
                // Tried again; after the last attempt the lease expiry does it.
            }
        }
    }

    public async Task<bool> CheckpointAsync(
        DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, string? inFlightUpTo, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await StoreOutcomesAsync(batch.SendId, outcomes, now, ct);
        UpdateDefinition<DeliveryBatchDocument> renew = BatchUpdate.Set(b => b.LeaseUntil, leaseUntil);
        if (inFlightUpTo is not null)
        {
            // Only the holder writes the mark, and it only raises it.
            renew = renew.Set(b => b.InFlightId, inFlightUpTo);
        }

        UpdateResult result = await batches.UpdateOneAsync(
            Held(batch.Id, batch.Token) & BatchFilter.Gte(b => b.LeaseUntil, now), renew, cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<bool> ReleaseAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        await StoreOutcomesAsync(batch.SendId, outcomes, now, ct);

        // The batch's rows are recounted after the outcomes and its counts stored with the end of the claim.
        return await counts.SettleAsync(batch.Id, Held(batch.Id, batch.Token), writer: false, EndedBy, ct) is not null;
    }

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<DeliveryBatchDocument> expired = await batches.Find(
            BatchFilter.Eq(b => b.State, DeliveryBatchState.Claimed) & BatchFilter.Lt(b => b.LeaseUntil, now)).ToListAsync(ct);
        long unknown = 0;
        foreach (DeliveryBatchDocument batch in expired)
        {
            // The claim is taken from its holder first (a new token: its later checkpoints and release fail, its mark
            // is final), then the rows up to the mark turn UNKNOWN, then the batch is recounted and claimable again.
            // A crash in between leaves the batch CLAIMED and expired under the sweep's token: the next sweep takes it over.
            var sweep = ObjectId.GenerateNewId().ToString();
            DeliveryBatchDocument? revoked = await batches.FindOneAndUpdateAsync(
                Held(batch.Id, batch.Token ?? "") & BatchFilter.Lt(b => b.LeaseUntil, now),
                BatchUpdate.Set(b => b.Token, sweep).Set(b => b.Owner, "lease-expiry"),
                new FindOneAndUpdateOptions<DeliveryBatchDocument> { ReturnDocument = ReturnDocument.After },
                ct);
            if (revoked is null)
            {
                continue;
            }

            if (revoked.InFlightId is { } mark)
            {
                UpdateResult rows = await deliveries.UpdateManyAsync(
                    RowsOf(batch.SendId, batch.Id, mark) & Filter.Eq(d => d.State, DeliveryState.Pending),
                    Update.Set(d => d.State, DeliveryState.Unknown).Set(d => d.UpdatedAt, now),
                    cancellationToken: ct);
                unknown += rows.ModifiedCount;
            }

            await counts.SettleAsync(batch.Id, Held(batch.Id, sweep), writer: false, (_, _) => Ended(DeliveryBatchState.Pending), ct);
        }

        return (int)unknown;
    }

    public async Task<bool> HasOpenBatchesAsync(string sendId, CancellationToken ct) =>
        MongoIds.IsValid(sendId) && await batches.Find(
            BatchFilter.Eq(b => b.SendId, sendId) & BatchFilter.In(b => b.State, [DeliveryBatchState.Pending, DeliveryBatchState.Claimed])).Limit(1).AnyAsync(ct);

    public async Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        var none = new DeliveryCounts(0, 0, 0, 0, 0, 0);
        if (!MongoIds.AreValid(orgId, sendId)
            || !await sends.Find(Builders<MassSendDocument>.Filter.Eq(d => d.Id, sendId) & Builders<MassSendDocument>.Filter.Eq(d => d.OrgId, orgId))
                .Project(d => d.Id).Limit(1).AnyAsync(ct))
        {
            return none;
        }

        if (await counts.ReadAsync(sendId, ct) is { } kept)
        {
            return kept;
        }

        // An earlier build's send, not upgraded (finished before this build started): counted from its rows, a
        // covered scan of ix_deliveries_claim. The organisation was checked on the send.
        List<BsonDocument> groups = await deliveries.Aggregate()
            .Match(Filter.Eq(d => d.SendId, sendId))
            .Group(new BsonDocument { ["_id"] = "$state", ["n"] = new BsonDocument("$sum", 1) })
            .ToListAsync(ct);
        var byState = groups.ToDictionary(g => (DeliveryState)g["_id"].ToInt32(), g => g["n"].ToInt64());
        long Count(DeliveryState state) => byState.GetValueOrDefault(state);

        // CLAIMED: the PENDING rows of batches a worker holds (a few batches per instance, so a small read).
        long held = 0;
        foreach (DeliveryBatchDocument batch in await batches.Find(BatchFilter.Eq(b => b.SendId, sendId) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Claimed)).ToListAsync(ct))
        {
            held += await deliveries.CountDocumentsAsync(RowsOf(sendId, batch.Id, batch.LastId) & Filter.Eq(d => d.State, DeliveryState.Pending), cancellationToken: ct);
        }

        return new DeliveryCounts(
            Count(DeliveryState.Pending) - held,
            Count(DeliveryState.Claimed) + held,
            Count(DeliveryState.Sent),
            Count(DeliveryState.Failed),
            Count(DeliveryState.Skipped),
            Count(DeliveryState.Unknown));
    }

    public async Task<IReadOnlyList<Delivery>> ListAsync(
        string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, sendId) || limit <= 0 || (afterId is not null && !MongoIds.IsValid(afterId)))
        {
            return [];
        }

        FilterDefinition<DeliveryDocument> filter = Filter.Eq(d => d.SendId, sendId)
            & (state is { } s ? Filter.Eq(d => d.State, s) : Filter.In(d => d.State, AllStates))
            & Filter.Eq(d => d.OrgId, orgId);
        if (skip is { } reason)
        {
            filter &= Filter.Eq(d => d.Skip, reason);
        }

        if (afterId is not null)
        {
            filter &= Filter.Gt(d => d.Id, afterId);
        }

        List<DeliveryDocument> docs = await deliveries.Find(filter).Sort(ById).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, sendId))
        {
            return 0;
        }

        // The batches first, then the rows: a crash in between leaves an open batch without PENDING rows, which the
        // next claim closes; the other order would leave PENDING rows in a closed batch, never sent.
        FilterDefinition<DeliveryDocument> unknown = Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Unknown) & Filter.Eq(d => d.OrgId, orgId);
        List<DeliveryDocument> rows = await deliveries.Find(unknown).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        // Rows an earlier build left without a batch get new open batches, before they turn PENDING.
        await AddBatchesAsync(sendId, [.. rows.Where(d => d.BatchId is null)], LegacyBatchSize, ct);
        List<string> ofBatches = [.. rows.Select(d => d.BatchId).OfType<string>().Distinct(StringComparer.Ordinal)];

        // The change is announced before the rows move and settled after (MongoDeliveryCounts); only the rows read
        // here move, so no batch changes that was not announced.
        await counts.AnnounceAsync(ofBatches, ct);
        await ReopenAsync(ofBatches, ct);
        long moved = 0;
        foreach (string[] chunk in rows.Select(d => d.Id).Chunk(LookupChunk))
        {
            UpdateResult result = await deliveries.UpdateManyAsync(
                unknown & Filter.In(d => d.Id, chunk), Update.Set(d => d.State, DeliveryState.Pending), cancellationToken: ct);
            moved += result.MatchedCount;
        }

        // A claimer that took a reopened batch before its rows turned PENDING closed it again: reopen it once more.
        await ReopenAsync(ofBatches, ct);
        foreach (string batchId in ofBatches)
        {
            await counts.SettleAsync(batchId, BatchFilter.Empty, writer: true, then: null, ct);
        }

        return (int)moved;
    }

    /// <summary>The batches of <paramref name="planned"/>, written after their rows; one already stored is left as it is.</summary>
    private async Task InsertBatchesAsync(List<DeliveryBatchDocument> planned, CancellationToken ct)
    {
        if (planned.Count == 0)
        {
            return;
        }

        try
        {
            await batches.InsertManyAsync(planned, new InsertManyOptions { IsOrdered = false }, ct);
        }
        catch (MongoBulkWriteException<DeliveryBatchDocument> e) when (e.WriteConcernError is null
            && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
        {
            // Written by an earlier run of this append.
        }
    }

    /// <summary>
    /// A resumed snapshot's stored PENDING rows whose batch is still being appended (a crash before the append finished
    /// it) make it claimable; rows whose batch document is missing or who have no batch at all (an earlier build's,
    /// which wrote rows first) get it now.
    /// </summary>
    private async Task AddMissingBatchesAsync(string sendId, string orgId, List<DeliveryDocument> stored, int batchSize, CancellationToken ct)
    {
        List<DeliveryDocument> pending = [.. stored.Where(d => d.State == DeliveryState.Pending)];
        if (pending.Count == 0)
        {
            return;
        }

        List<string> keys = [.. pending.Select(d => d.BatchId).OfType<string>().Distinct(StringComparer.Ordinal)];
        List<DeliveryBatchDocument> found = await batches.Find(BatchFilter.In(b => b.Id, keys)).ToListAsync(ct);
        HashSet<string> existing = [.. found.Select(b => b.Id)];

        // Batches of an append that stopped before finishing them become claimable; they stay announced (counted from
        // their rows), as their appender may still be writing.
        List<string> stalled = [.. found.Where(b => b.Appending && b.State == DeliveryBatchState.Done).Select(b => b.Id)];
        if (stalled.Count > 0)
        {
            await batches.UpdateManyAsync(
                BatchFilter.In(b => b.Id, stalled) & BatchFilter.Eq(b => b.Appending, true) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Done),
                BatchUpdate.Set(b => b.State, DeliveryBatchState.Pending),
                cancellationToken: ct);
        }

        List<DeliveryBatchDocument> missing = [.. pending.Where(d => d.BatchId is not null && !existing.Contains(d.BatchId))
            .GroupBy(d => d.BatchId!, StringComparer.Ordinal)
            .Select(g => NewBatch(sendId, orgId, g.Key, g.Select(d => d.Id).Max(StringComparer.Ordinal)!))];
        await InsertBatchesAsync(missing, ct);

        await AddBatchesAsync(sendId, [.. pending.Where(d => d.BatchId is null)], batchSize, ct);
    }

    /// <summary>
    /// Rows of a send an earlier build wrote, before batches existed: CLAIMED rows (their worker is gone) turn UNKNOWN,
    /// as their lease expiry would have made them, and PENDING rows without a batch get open batches. Run at start-up
    /// for the sends that are not final and have such rows but no batch at all; true when it changed anything.
    /// </summary>
    public async Task<bool> AdoptEarlierRowsAsync(string sendId, CancellationToken ct)
    {
        if (await batches.Find(BatchFilter.Eq(b => b.SendId, sendId)).Limit(1).AnyAsync(ct))
        {
            return false;
        }

        await deliveries.UpdateManyAsync(
            Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Claimed),
            Update.Set(d => d.State, DeliveryState.Unknown).Set(d => d.ClaimedBy, null).Set(d => d.LeaseUntil, null),
            cancellationToken: ct);
        List<DeliveryDocument> pending = await deliveries.Find(Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Pending) & Filter.Eq(d => d.BatchId, null))
            .ToListAsync(ct);
        await AddBatchesAsync(sendId, pending, LegacyBatchSize, ct);
        return pending.Count > 0;
    }

    /// <summary>Cuts rows without a batch into new open batches: the rows' batch first, then the batch documents.</summary>
    private async Task AddBatchesAsync(string sendId, List<DeliveryDocument> unbatched, int batchSize, CancellationToken ct)
    {
        List<DeliveryBatchDocument> planned = Plan(unbatched, batchSize);
        List<UpdateManyModel<DeliveryDocument>> assign =
        [
            .. unbatched.GroupBy(d => d.BatchId).Select(ofBatch => new UpdateManyModel<DeliveryDocument>(
                Filter.In(d => d.Id, ofBatch.Select(d => d.Id)) & Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.BatchId, null),
                Update.Set(d => d.BatchId, ofBatch.Key))),
        ];
        if (assign.Count > 0)
        {
            await deliveries.BulkWriteAsync(assign, new BulkWriteOptions { IsOrdered = false }, ct);
        }

        await InsertBatchesAsync(planned, ct);
    }

    /// <summary>Cuts PENDING rows, in id order, into batches: sets each row's batch and returns the batch documents.</summary>
    private static List<DeliveryBatchDocument> Plan(IEnumerable<DeliveryDocument> pending, int batchSize)
    {
        List<DeliveryBatchDocument> planned = [];
        foreach (DeliveryDocument[] chunk in pending.OrderBy(d => d.Id, StringComparer.Ordinal).Chunk(batchSize))
        {
            foreach (DeliveryDocument d in chunk)
            {
                d.BatchId = chunk[0].Id;
            }

            planned.Add(NewBatch(chunk[0].SendId, chunk[0].OrgId, chunk[0].Id, chunk[^1].Id));
        }

        return planned;
    }

    private static DeliveryBatchDocument NewBatch(string sendId, string orgId, string first, string last) =>
        new() { Id = first, SendId = sendId, OrgId = orgId, LastId = last, State = DeliveryBatchState.Pending };

    private async Task ReopenAsync(List<string> batchIds, CancellationToken ct)
    {
        if (batchIds.Count > 0)
        {
            await batches.UpdateManyAsync(
                BatchFilter.In(b => b.Id, batchIds) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Done),
                BatchUpdate.Set(b => b.State, DeliveryBatchState.Pending),
                cancellationToken: ct);
        }
    }

    /// <summary>Outcomes of rows still PENDING, in one unordered bulk write.</summary>
    private async Task StoreOutcomesAsync(string sendId, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at, CancellationToken ct)
    {
        List<UpdateOneModel<DeliveryDocument>> writes =
        [
            .. outcomes.Where(o => MongoIds.IsValid(o.DeliveryId)).Select(o => new UpdateOneModel<DeliveryDocument>(
                Filter.Eq(d => d.Id, o.DeliveryId) & Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Pending),
                Update.Set(d => d.State, o.State)
                    .Set(d => d.Skip, o.Skip)
                    .Set(d => d.Attempts, o.Attempts)
                    .Set(d => d.MessageId, o.MessageId)
                    .Set(d => d.Error, o.Error)
                    .Set(d => d.UpdatedAt, at))),
        ];
        if (writes.Count > 0 && MongoIds.IsValid(sendId))
        {
            await deliveries.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, ct);
        }
    }

    /// <summary>The rows of one batch up to <paramref name="last"/> (the batch's own rows: its key names them).</summary>
    internal static FilterDefinition<DeliveryDocument> RowsOf(string sendId, string batchId, string last) =>
        Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.BatchId, batchId) & Filter.Gte(d => d.Id, batchId) & Filter.Lte(d => d.Id, last);

    private static FilterDefinition<DeliveryBatchDocument> Held(string batchId, string token) =>
        BatchFilter.Eq(b => b.Id, batchId) & BatchFilter.Eq(b => b.State, DeliveryBatchState.Claimed) & BatchFilter.Eq(b => b.Token, token);

    /// <summary>The end of a claim, by the batch's counts: DONE when no row is PENDING any more, else PENDING (claimable).</summary>
    private static UpdateDefinition<DeliveryBatchDocument> EndedBy(DeliveryBatchDocument batch, DeliveryBatchCountsDocument rows) =>
        Ended(rows.Pending > 0 ? DeliveryBatchState.Pending : DeliveryBatchState.Done);

    private static UpdateDefinition<DeliveryBatchDocument> Ended(DeliveryBatchState state) =>
        BatchUpdate.Set(b => b.State, state).Set(b => b.Owner, null).Set(b => b.Token, null).Set(b => b.LeaseUntil, null).Set(b => b.InFlightId, null);

    /// <summary>The stored rows of the send for these records (a resumed snapshot's), with their state and batch.</summary>
    private async Task<List<DeliveryDocument>> StoredRowsAsync(string sendId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        List<DeliveryDocument> stored = [];
        foreach (var chunk in recordIds.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            stored.AddRange(await deliveries.Find(Filter.Eq(d => d.SendId, sendId) & Filter.In(d => d.RecordId, chunk)).ToListAsync(ct));
        }

        return stored;
    }
}
