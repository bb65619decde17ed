using MassEmail.Core.Sending;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// A send's delivery counts without reading its deliveries: each <c>delivery_batches</c> document keeps the counts of
/// its own rows (<c>counts</c>), and a send's counts are the sum over its batches (one small document per BatchSize
/// rows; the rows of a CLAIMED or dirty batch, at most a batch each, are counted directly).
/// <para>
/// Why not a per-send counter moved with <c>$inc</c>: a row and a counter are two documents, and without a transaction
/// a kill -9 between the two writes (or a retried write that had applied) leaves them apart for good. Here no write
/// has to reach two documents for the counts to be right; a batch's counts are only ever trusted when they were taken
/// from its rows after every change of them:
/// </para>
/// <list type="bullet">
/// <item>Every row belongs to a batch document that exists before the row (the snapshot writes batches first; skipped
/// rows get DONE batches of their own), so summing batches misses no row.</item>
/// <item>A writer that changes rows outside a held claim (an append, a requeue) first announces it (<c>dirty</c> +1,
/// <c>gen</c> +1), then writes the rows, then settles: recounts the batch's rows and stores the counts with <c>dirty</c>
/// −1 in a write conditional on <c>gen</c> being what it read before the recount (else it recounts again). Outcomes
/// are written only while the batch is CLAIMED, and leaving CLAIMED (release, expiry, a claim finding it empty) is
/// such a settle too, fenced by the claim's token. A holder that lost its batch to a lease expiry without knowing it
/// may still store outcomes, but only of rows up to its in-flight mark (it marks before it calls), which the expiry
/// turned UNKNOWN before the batch left CLAIMED: as outcomes apply only to PENDING rows, they change nothing.</item>
/// <item>Readers trust a batch's counts only when it is not CLAIMED and <c>dirty</c> is 0, and count the rows of the
/// others. If <c>dirty</c> is 0, every writer that announced has settled; the last settle that applied read <c>gen</c>
/// after every other announcement and settle (its write would have failed otherwise), hence after every writer's rows:
/// its counts are exact. A writer killed between its steps leaves <c>dirty</c> above 0: that batch is counted from its
/// rows on every read from then on, exact at the price of one batch's rows.</item>
/// </list>
/// A send counted this way has a ledger document (<c>_id</c> = the send's id, DONE, zero counts) in
/// <c>delivery_batches</c>, written before its first row; a send of an earlier build gets it at start-up
/// (<see cref="UpgradeAsync"/>) and is counted from its rows until then.
/// </summary>
internal sealed class MongoDeliveryCounts(MongoCollections collections)
{
    private const string Trusted = "trusted";

    private static readonly FilterDefinitionBuilder<DeliveryDocument> Filter = Builders<DeliveryDocument>.Filter;
    private static readonly FilterDefinitionBuilder<DeliveryBatchDocument> BatchFilter = Builders<DeliveryBatchDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<DeliveryBatchDocument> BatchUpdate = Builders<DeliveryBatchDocument>.Update;
    private static readonly DeliveryState[] AllStates = Enum.GetValues<DeliveryState>();
    private static readonly string[] CountFields = ["pending", "claimed", "sent", "failed", "skipped", "unknown"];

    private readonly IMongoCollection<DeliveryDocument> deliveries = collections.Deliveries;
    private readonly IMongoCollection<DeliveryBatchDocument> batches = collections.DeliveryBatches;

    /// <summary>
    /// The send's counts from its batches, or null when the send has no ledger (an earlier build's send not upgraded):
    /// the caller counts its rows. One aggregation over the send's batch documents: the trusted ones summed, each other
    /// one its own group, whose rows are then counted.
    /// </summary>
    public async Task<DeliveryCounts?> ReadAsync(string sendId, CancellationToken ct)
    {
        if (!await batches.Find(BatchFilter.Eq(b => b.Id, sendId)).Limit(1).AnyAsync(ct))
        {
            return null;
        }

        var trusted = new BsonDocument("$and", new BsonArray
        {
            new BsonDocument("$eq", new BsonArray { "$dirty", 0 }),
            new BsonDocument("$ne", new BsonArray { "$state", (int)DeliveryBatchState.Claimed }),
        });
        var group = new BsonDocument
        {
            ["_id"] = new BsonDocument("$cond", new BsonArray { trusted, Trusted, "$_id" }),
            ["state"] = new BsonDocument("$first", "$state"),
            ["last_id"] = new BsonDocument("$first", "$last_id"),
        };
        foreach (var field in CountFields)
        {
            group[field] = new BsonDocument("$sum", $"$counts.{field}");
        }

        List<BsonDocument> groups = await batches.Aggregate().Match(BatchFilter.Eq(b => b.SendId, sendId)).Group(group).ToListAsync(ct);
        var total = new DeliveryBatchCountsDocument();
        foreach (BsonDocument g in groups)
        {
            if (g["_id"] == Trusted)
            {
                total.Add(DeliveryState.Pending, g["pending"].ToInt64());
                total.Add(DeliveryState.Claimed, g["claimed"].ToInt64());
                total.Add(DeliveryState.Sent, g["sent"].ToInt64());
                total.Add(DeliveryState.Failed, g["failed"].ToInt64());
                total.Add(DeliveryState.Skipped, g["skipped"].ToInt64());
                total.Add(DeliveryState.Unknown, g["unknown"].ToInt64());
                continue;
            }

            var batch = new DeliveryBatchDocument { Id = g["_id"].AsObjectId.ToString(), SendId = sendId, LastId = g["last_id"].AsObjectId.ToString() };
            DeliveryBatchCountsDocument rows = await RecountAsync(batch, ct);

            // CLAIMED: the PENDING rows of a batch a worker holds.
            var held = g["state"].ToInt32() == (int)DeliveryBatchState.Claimed;
            total.Add(DeliveryState.Pending, held ? 0 : rows.Pending);
            total.Add(DeliveryState.Claimed, rows.Claimed + (held ? rows.Pending : 0));
            total.Add(DeliveryState.Sent, rows.Sent);
            total.Add(DeliveryState.Failed, rows.Failed);
            total.Add(DeliveryState.Skipped, rows.Skipped);
            total.Add(DeliveryState.Unknown, rows.Unknown);
        }

        return new DeliveryCounts(total.Pending, total.Claimed, total.Sent, total.Failed, total.Skipped, total.Unknown);
    }

    /// <summary>The batch's rows per state, read now (at most one batch of rows, served by ix_deliveries_claim).</summary>
    public async Task<DeliveryBatchCountsDocument> RecountAsync(DeliveryBatchDocument batch, CancellationToken ct)
    {
        List<BsonDocument> groups = await deliveries.Aggregate()
            .Match(MongoDeliveryStore.RowsOf(batch.SendId, batch.Id, batch.LastId) & Filter.In(d => d.State, AllStates))
            .Group(new BsonDocument { ["_id"] = "$state", ["n"] = new BsonDocument("$sum", 1) })
            .ToListAsync(ct);
        return DeliveryBatchCountsDocument.Of(groups.Select(g => ((DeliveryState)g["_id"].ToInt32(), g["n"].ToInt64())));
    }

    /// <summary>
    /// Recounts the batch's rows and stores the counts (with <paramref name="then"/>'s changes) in a write conditional on
    /// <c>gen</c> unchanged since the batch was read and on <paramref name="holds"/>; retried until it applies. A
    /// <paramref name="writer"/> (one that announced itself) takes its announcement back with it. Null when the batch no
    /// longer matches <paramref name="holds"/> (a lost claim); else the counts stored.
    /// </summary>
    public async Task<DeliveryBatchCountsDocument?> SettleAsync(
        string batchId,
        FilterDefinition<DeliveryBatchDocument> holds,
        bool writer,
        Func<DeliveryBatchDocument, DeliveryBatchCountsDocument, UpdateDefinition<DeliveryBatchDocument>?>? then,
        CancellationToken ct)
    {
        while (true)
        {
            DeliveryBatchDocument? batch = await batches.Find(BatchFilter.Eq(b => b.Id, batchId) & holds).FirstOrDefaultAsync(ct);
            if (batch is null)
            {
                return null;
            }

            DeliveryBatchCountsDocument counts = await RecountAsync(batch, ct);
            UpdateDefinition<DeliveryBatchDocument> update = BatchUpdate.Set(b => b.Counts, counts).Inc(b => b.Gen, 1L);
            update = writer ? update.Inc(b => b.Dirty, -1)
                : batch.Dirty is null ? update.Set(b => b.Dirty, 0) // an earlier build's batch nobody announced a change of
                : update;
            if (then?.Invoke(batch, counts) is { } more)
            {
                update = BatchUpdate.Combine(update, more);
            }

            UpdateResult result = await batches.UpdateOneAsync(BatchFilter.Eq(b => b.Id, batchId) & holds & GenIs(batch.Gen), update, cancellationToken: ct);
            if (result.MatchedCount > 0)
            {
                return counts;
            }
        }
    }

    /// <summary>Announces a change of these batches' rows (before writing them): readers count their rows until settled.</summary>
    public async Task AnnounceAsync(IReadOnlyCollection<string> batchIds, CancellationToken ct)
    {
        if (batchIds.Count > 0)
        {
            await batches.UpdateManyAsync(BatchFilter.In(b => b.Id, batchIds), BatchUpdate.Inc(b => b.Dirty, 1).Inc(b => b.Gen, 1L), cancellationToken: ct);
        }
    }

    /// <summary>
    /// Writes the send's ledger before its first row; a send that already has rows but no ledger is an earlier build's,
    /// left to <see cref="UpgradeAsync"/>.
    /// </summary>
    public async Task EnsureLedgerAsync(string sendId, string orgId, CancellationToken ct)
    {
        if (await batches.Find(BatchFilter.Eq(b => b.Id, sendId)).Limit(1).AnyAsync(ct)
            || await deliveries.Find(Filter.Eq(d => d.SendId, sendId)).Limit(1).AnyAsync(ct))
        {
            return;
        }

        await InsertLedgerAsync(sendId, orgId, ct);
    }

    /// <summary>
    /// Makes an earlier build's send countable from its batches (idempotent; run at start-up after its rows were
    /// adopted): its rows without a batch (SKIPPED, SENT, FAILED, UNKNOWN) get DONE batches, every batch without counts
    /// is settled, and the ledger is written last, so until then the send is counted from its rows.
    /// </summary>
    public async Task UpgradeAsync(string sendId, string orgId, CancellationToken ct)
    {
        if (await batches.Find(BatchFilter.Eq(b => b.Id, sendId)).Limit(1).AnyAsync(ct))
        {
            return;
        }

        DeliveryState[] ended = [.. AllStates.Where(s => s != DeliveryState.Pending)];
        List<DeliveryDocument> loose = await deliveries
            .Find(Filter.Eq(d => d.SendId, sendId) & Filter.In(d => d.State, ended) & Filter.Eq(d => d.BatchId, null))
            .Project<DeliveryDocument>(Builders<DeliveryDocument>.Projection.Include(d => d.Id)).ToListAsync(ct);
        foreach (string[] chunk in loose.Select(d => d.Id).Order(StringComparer.Ordinal).Chunk(MongoDeliveryStore.LookupChunk))
        {
            // The batch first (a rerun after a crash widens it), then its rows.
            await batches.UpdateOneAsync(
                BatchFilter.Eq(b => b.Id, chunk[0]),
                BatchUpdate.SetOnInsert(b => b.SendId, sendId).SetOnInsert(b => b.OrgId, orgId)
                    .SetOnInsert(b => b.State, DeliveryBatchState.Done).Max(b => b.LastId, chunk[^1]),
                new UpdateOptions { IsUpsert = true },
                ct);
            await deliveries.UpdateManyAsync(
                Filter.In(d => d.Id, chunk) & Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.BatchId, null),
                Builders<DeliveryDocument>.Update.Set(d => d.BatchId, chunk[0]),
                cancellationToken: ct);
        }

        List<DeliveryBatchDocument> uncounted = await batches.Find(BatchFilter.Eq(b => b.SendId, sendId) & BatchFilter.Exists(b => b.Gen, false)).ToListAsync(ct);
        foreach (DeliveryBatchDocument batch in uncounted)
        {
            await SettleAsync(batch.Id, BatchFilter.Empty, writer: false, then: null, ct);
        }

        await InsertLedgerAsync(sendId, orgId, ct);
    }

    private async Task InsertLedgerAsync(string sendId, string orgId, CancellationToken ct)
    {
        try
        {
            await batches.InsertOneAsync(
                new DeliveryBatchDocument
                {
                    Id = sendId,
                    SendId = sendId,
                    OrgId = orgId,
                    LastId = sendId,
                    State = DeliveryBatchState.Done,
                    Counts = new DeliveryBatchCountsDocument(),
                    Dirty = 0,
                    Gen = 0,
                },
                cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Written by a concurrent append or start-up.
        }
    }

    /// <summary>The batch's <c>gen</c> is still <paramref name="gen"/> (an earlier build's batch has none).</summary>
    private static FilterDefinition<DeliveryBatchDocument> GenIs(long? gen) =>
        gen is { } g ? BatchFilter.Eq(b => b.Gen, g) : BatchFilter.Exists(b => b.Gen, false);
}
