using System.Runtime.CompilerServices;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients.Audience;

/// <summary>
/// An audience read to its end in id order (what a send's snapshot reads), in two passes over the records: the first
/// names the addresses more than one eligible record holds, the second streams the records. A dynamic list's states
/// (who unsubscribed from it) are read once, up front, and applied to both passes in memory, instead of a lookup per
/// record in each pass. Memory grows with the duplicated addresses and the list's states, not with the audience.
/// <para>
/// The passes are two reads, so a record may change between them. The second pass decides duplicates itself, from what
/// it reads: the first eligible record of a repeated address (in id order) keeps it, so an address whose keeper by the
/// first pass has opted out meanwhile still reaches the next record holding it, and an address is never given twice
/// to records the first pass saw holding it.
/// </para>
/// </summary>
internal sealed class AudienceStream(MongoCollections collections, AudienceSource source, AggregateOptions aggregation)
{
    private AggregateOptions Aggregation => aggregation;

    public async IAsyncEnumerable<AudienceMember> ReadAsync(string orgId, [EnumeratorCancellation] CancellationToken ct)
    {
        Dictionary<ObjectId, int> listStates = await ListStatesAsync(orgId, ct);
        HashSet<string> repeated = await RepeatedAddressesAsync(listStates, ct);
        var given = new HashSet<string>(StringComparer.Ordinal);
        List<BsonDocument> pipeline = source.Stages(inIdOrder: true, joinListState: false);
        pipeline.Add(new("$project", AudienceMembers.Projection()));
        using IAsyncCursor<BsonDocument> cursor = await source.Collection.AggregateAsync<BsonDocument>(pipeline, Aggregation, ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (BsonDocument doc in cursor.Current)
            {
                SkipReason skip = SkipOf(doc, listStates);
                var key = AudienceMembers.EmailKey(doc);
                if (skip == SkipReason.None && repeated.Contains(key) && !given.Add(key))
                {
                    skip = SkipReason.Duplicate;
                }

                yield return AudienceMembers.ToMember(doc, skip);
            }
        }
    }

    /// <summary>A dynamic list's states by record (only records that have one: typically those who left it); empty otherwise.</summary>
    private async Task<Dictionary<ObjectId, int>> ListStatesAsync(string orgId, CancellationToken ct)
    {
        var states = new Dictionary<ObjectId, int>();
        if (source.DynamicListId is not { } listId)
        {
            return states;
        }

        IMongoCollection<BsonDocument> subscriptions = collections.Database.GetCollection<BsonDocument>(collections.ListSubscriptions.CollectionNamespace.CollectionName);
        var filter = new BsonDocument { [SubscriptionFields.OrgId] = ObjectId.Parse(orgId), [SubscriptionFields.ListId] = listId };
        var projection = new BsonDocument { ["_id"] = 0, [SubscriptionFields.RecordId] = 1, [SubscriptionFields.State] = 1 };
        using IAsyncCursor<BsonDocument> cursor = await subscriptions.Find(filter, new FindOptions { MaxTime = aggregation.MaxTime })
            .Project(projection).ToCursorAsync(ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (BsonDocument state in cursor.Current)
            {
                states[state[SubscriptionFields.RecordId].AsObjectId] = state[SubscriptionFields.State].ToInt32();
            }
        }

        return states;
    }

    /// <summary>The addresses more than one eligible record holds (eligible by the list's states too).</summary>
    private async Task<HashSet<string>> RepeatedAddressesAsync(Dictionary<ObjectId, int> listStates, CancellationToken ct)
    {
        List<BsonDocument> pipeline = source.Stages(inIdOrder: false, joinListState: false);
        pipeline.Add(new("$match", AudienceSkips.Eligible()));
        var group = new BsonDocument { ["_id"] = "$" + RecordFields.EmailKey, ["n"] = new BsonDocument("$sum", 1) };
        if (listStates.Count > 0)
        {
            // Only then do the groups need their ids: some of them may have left the list.
            group["ids"] = new BsonDocument("$push", "$" + RecordFields.Id);
        }

        pipeline.Add(new("$group", group));
        pipeline.Add(new("$match", new BsonDocument("n", new BsonDocument("$gt", 1))));

        var repeated = new HashSet<string>(StringComparer.Ordinal);
        using IAsyncCursor<BsonDocument> cursor = await source.Collection.AggregateAsync<BsonDocument>(pipeline, Aggregation, ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (BsonDocument address in cursor.Current)
            {
                if (listStates.Count == 0 || address["ids"].AsBsonArray.Count(id => !AudienceSkips.LeftList(listStates.GetValueOrDefault(id.AsObjectId))) > 1)
                {
                    repeated.Add(address["_id"].AsString);
                }
            }
        }

        return repeated;
    }

    private static SkipReason SkipOf(BsonDocument doc, Dictionary<ObjectId, int> listStates)
    {
        if (listStates.TryGetValue(doc[RecordFields.Id].AsObjectId, out var state))
        {
            doc[AudienceSource.ListState] = state;
        }

        return AudienceSkips.Of(doc);
    }
}
