using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>deliveries</c> collection: snapshot rows appended once per (send, record), batches claimed
/// with a lease, outcomes stored in one bulk write. Nothing here needs a transaction or a unique
/// secondary index to stay correct under concurrent workers.
/// </summary>
internal sealed class MongoDeliveryStore(MongoCollections collections) : IDeliveryStore
{
    // Keeps each record id lookup of an append to a bounded $in.
    private const int LookupChunk = 1000;

    private static readonly FilterDefinitionBuilder<DeliveryDocument> Filter = Builders<DeliveryDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<DeliveryDocument> Update = Builders<DeliveryDocument>.Update;
    private static readonly SortDefinition<DeliveryDocument> ById = Builders<DeliveryDocument>.Sort.Ascending(d => d.Id);

    // With every state listed, a listing of all states walks ix_deliveries_claim as one merge of
    // per-state ranges already in _id order, instead of sorting the whole send in memory.
    private static readonly DeliveryState[] AllStates = Enum.GetValues<DeliveryState>();

    private const string IdElement = "_id";
    private const string RecordIdElement = "record_id";

    private readonly IMongoCollection<DeliveryDocument> deliveries = collections.Deliveries;
    private readonly IMongoCollection<MassSendDocument> sends = collections.MassSends;

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        foreach (IGrouping<string, Delivery> ofSend in rows.GroupBy(r => r.SendId, StringComparer.Ordinal))
        {
            // Rows already written (a resumed snapshot) are left alone; so is a repeat within the batch.
            HashSet<string> seen = await StoredRecordIdsAsync(ofSend.Key, [.. ofSend.Select(r => r.RecordId)], ct);
            List<DeliveryDocument> fresh = [.. ofSend.Where(r => seen.Add(r.RecordId)).Select(DeliveryDocument.FromDomain)];
            if (fresh.Count == 0)
            {
                continue;
            }

            try
            {
                await deliveries.InsertManyAsync(fresh, new InsertManyOptions { IsOrdered = false }, ct);
            }
            catch (MongoBulkWriteException<DeliveryDocument> e) when (e.WriteConcernError is null
                && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                // A concurrent writer stored some of these since the lookup (ux_deliveries_record or _id
                // refused ours); the unordered insert wrote all the others.
            }
        }
    }

    public async Task<IReadOnlyList<Delivery>> ClaimAsync(string sendId, string worker, int limit, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (!MongoIds.IsValid(sendId) || limit <= 0)
        {
            return [];
        }

        var claimed = new List<DeliveryDocument>(limit);
        while (claimed.Count < limit)
        {
            var wanted = limit - claimed.Count;
            List<string> candidates = await ProjectAsync(
                deliveries.Find(Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Pending)).Sort(ById).Limit(wanted),
                IdElement,
                ct);
            if (candidates.Count == 0)
            {
                break;
            }

            // Only rows still PENDING are taken; the token then names exactly the rows this call won,
            // whatever other claimers did to the same candidates meanwhile.
            var token = ObjectId.GenerateNewId();
            FilterDefinition<DeliveryDocument> ours = Filter.In(d => d.Id, candidates) & Filter.Eq(d => d.SendId, sendId);
            await deliveries.UpdateManyAsync(
                ours & Filter.Eq(d => d.State, DeliveryState.Pending),
                Update.Set(d => d.State, DeliveryState.Claimed).Set(d => d.ClaimedBy, worker).Set(d => d.LeaseUntil, leaseUntil).Set(d => d.ClaimToken, token),
                cancellationToken: ct);
            claimed.AddRange(await deliveries.Find(ours & Filter.Eq(d => d.ClaimToken, token) & Filter.Eq(d => d.State, DeliveryState.Claimed))
                .ToListAsync(ct));

            if (candidates.Count < wanted)
            {
                // Fewer PENDING rows than wanted were left: there is no next round to take.
                break;
            }
        }

        return [.. claimed.Select(d => d.ToDomain()).OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<int> CompleteAsync(string sendId, string worker, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset at, CancellationToken ct)
    {
        List<UpdateOneModel<DeliveryDocument>> writes =
        [
            .. outcomes.Where(o => MongoIds.IsValid(o.DeliveryId)).Select(o => new UpdateOneModel<DeliveryDocument>(
                HeldBy(sendId, worker, o.DeliveryId),
                Update.Set(d => d.State, o.State)
                    .Set(d => d.Skip, o.Skip)
                    .Set(d => d.Attempts, o.Attempts)
                    .Set(d => d.MessageId, o.MessageId)
                    .Set(d => d.Error, o.Error)
                    .Set(d => d.UpdatedAt, at)
                    .Set(d => d.ClaimedBy, null)
                    .Set(d => d.LeaseUntil, null))),
        ];
        if (writes.Count == 0 || !MongoIds.IsValid(sendId))
        {
            return 0;
        }

        BulkWriteResult<DeliveryDocument> result = await deliveries.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, ct);
        return (int)result.MatchedCount;
    }

    public async Task<int> ReleaseAsync(string sendId, string worker, IReadOnlyList<string> deliveryIds, CancellationToken ct)
    {
        List<string> ids = [.. deliveryIds.Where(MongoIds.IsValid).Distinct(StringComparer.Ordinal)];
        if (ids.Count == 0 || !MongoIds.IsValid(sendId))
        {
            return 0;
        }

        UpdateResult result = await deliveries.UpdateManyAsync(
            Filter.In(d => d.Id, ids) & Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Claimed) & Filter.Eq(d => d.ClaimedBy, worker),
            Update.Set(d => d.State, DeliveryState.Pending).Set(d => d.ClaimedBy, null).Set(d => d.LeaseUntil, null),
            cancellationToken: ct);
        return (int)result.MatchedCount;
    }

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct)
    {
        UpdateResult result = await deliveries.UpdateManyAsync(
            Filter.Eq(d => d.State, DeliveryState.Claimed) & Filter.Lt(d => d.LeaseUntil, now),
            Update.Set(d => d.State, DeliveryState.Unknown).Set(d => d.ClaimedBy, null).Set(d => d.LeaseUntil, null).Set(d => d.UpdatedAt, now),
            cancellationToken: ct);
        return (int)result.MatchedCount;
    }

    public async Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct)
    {
        var none = new DeliveryCounts(0, 0, 0, 0, 0, 0);
        if (!MongoIds.AreValid(orgId, sendId)
            || !await sends.Find(Builders<MassSendDocument>.Filter.Eq(d => d.Id, sendId) & Builders<MassSendDocument>.Filter.Eq(d => d.OrgId, orgId))
                .Project(d => d.Id).Limit(1).AnyAsync(ct))
        {
            return none;
        }

        // The organisation was checked on the send, so the count reads only (send_id, state): on MongoDB a
        // covered scan of ix_deliveries_claim, without fetching a million documents for a progress update.
        List<BsonDocument> groups = await deliveries.Aggregate()
            .Match(Filter.Eq(d => d.SendId, sendId))
            .Group(new BsonDocument { ["_id"] = "$state", ["n"] = new BsonDocument("$sum", 1) })
            .ToListAsync(ct);
        var byState = groups.ToDictionary(g => (DeliveryState)g["_id"].ToInt32(), g => g["n"].ToInt64());
        long Count(DeliveryState state) => byState.GetValueOrDefault(state);
        return new DeliveryCounts(
            Count(DeliveryState.Pending),
            Count(DeliveryState.Claimed),
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

        UpdateResult result = await deliveries.UpdateManyAsync(
            Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Unknown) & Filter.Eq(d => d.OrgId, orgId),
            Update.Set(d => d.State, DeliveryState.Pending),
            cancellationToken: ct);
        return (int)result.MatchedCount;
    }

    /// <summary>One ObjectId element of each document found. Read by name: CongoDB does not trim results to a lone <c>_id</c> projection.</summary>
    private static async Task<List<string>> ProjectAsync(IFindFluent<DeliveryDocument, DeliveryDocument> find, string element, CancellationToken ct)
    {
        List<BsonDocument> docs = await find.Project(new BsonDocument(element, 1)).ToListAsync(ct);
        return [.. docs.Select(d => d[element].AsObjectId.ToString())];
    }

    private static FilterDefinition<DeliveryDocument> HeldBy(string sendId, string worker, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.SendId, sendId) & Filter.Eq(d => d.State, DeliveryState.Claimed) & Filter.Eq(d => d.ClaimedBy, worker);

    private async Task<HashSet<string>> StoredRecordIdsAsync(string sendId, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in recordIds.Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
        {
            stored.UnionWith(await ProjectAsync(deliveries.Find(Filter.Eq(d => d.SendId, sendId) & Filter.In(d => d.RecordId, chunk)), RecordIdElement, ct));
        }

        return stored;
    }
}
