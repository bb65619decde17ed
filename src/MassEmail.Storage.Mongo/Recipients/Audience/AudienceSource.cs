using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients.Audience;

/// <summary>
/// The aggregation stages that produce an audience's records, each with <c>list_state</c> (its state
/// on the query's list) when a list is given. Without a list this is one <c>$match</c> on <c>records</c>.
/// A static list is driven from its subscriptions, in record id order through the unique index,
/// joining each member's record; a dynamic list runs on <c>records</c> and joins each record's state.
/// </summary>
internal sealed class AudienceSource
{
    /// <summary>The element holding the record's state on the list (absent when it has none).</summary>
    public const string ListState = "list_state";

    private const string Joined = "joined";

    private readonly string records;
    private readonly string subscriptions;
    private readonly BsonDocument recordMatch;
    private readonly IReadOnlyList<BsonDocument> joinStages;
    private readonly ObjectId? listId;
    private readonly bool listIsStatic;
    private readonly ObjectId orgId;

    /// <param name="recordMatch">What the records must match, or (with <paramref name="joinStages"/>) the part of it
    /// that needs no join.</param>
    /// <param name="joinStages">The stages that join and filter what <paramref name="recordMatch"/> let through
    /// (<see cref="Criteria.RecordCriteria.JoinStages"/>); empty when the match says everything.</param>
    public AudienceSource(MongoCollections collections, string orgId, BsonDocument recordMatch, IReadOnlyList<BsonDocument> joinStages, string? listId, bool listIsStatic)
    {
        this.orgId = ObjectId.Parse(orgId);
        this.recordMatch = recordMatch;
        this.joinStages = joinStages;
        this.listId = listId is null ? null : ObjectId.Parse(listId);
        this.listIsStatic = listId is not null && listIsStatic;
        records = collections.Records.CollectionNamespace.CollectionName;
        subscriptions = collections.ListSubscriptions.CollectionNamespace.CollectionName;
        Collection = collections.Database.GetCollection<BsonDocument>(this.listIsStatic ? subscriptions : records);
    }

    /// <summary>The collection the stages run on.</summary>
    public IMongoCollection<BsonDocument> Collection { get; }

    /// <summary>The list whose states a dynamic list's records carry; null for a static list or no list.</summary>
    public ObjectId? DynamicListId => listIsStatic ? null : listId;

    /// <summary>The audience's records, in id order when <paramref name="inIdOrder"/>, at most <paramref name="limit"/>.</summary>
    /// <param name="joinListState">False: a dynamic list's records come without their <see cref="ListState"/> (the
    /// caller reads the list's states once and sets them itself, instead of a lookup per record).</param>
    public List<BsonDocument> Stages(bool inIdOrder, int? limit = null, bool joinListState = true) =>
        listIsStatic ? StaticList(inIdOrder, limit) : Records(inIdOrder, limit, joinListState);

    private List<BsonDocument> StaticList(bool inIdOrder, int? limit)
    {
        List<BsonDocument> stages = [new("$match", new BsonDocument { [SubscriptionFields.OrgId] = orgId, [SubscriptionFields.ListId] = listId })];
        if (inIdOrder)
        {
            stages.Add(new("$sort", new BsonDocument(SubscriptionFields.RecordId, 1)));
        }

        // The join names the record's organisation and module besides its _id: on a sharded records collection (shard
        // key org_id, module, external_id) that prefix routes each lookup to the organisation's shards, not to all.
        var sameOwner = new BsonDocument(RecordFields.OrgId, orgId);
        if (recordMatch.TryGetValue(RecordFields.Module, out BsonValue module))
        {
            sameOwner[RecordFields.Module] = module;
        }

        stages.Add(Lookup(records, SubscriptionFields.RecordId, RecordFields.Id, new BsonArray { new BsonDocument("$match", sameOwner) }));

        // Drops the states of records that are gone; the record becomes the document, with its state.
        stages.Add(new("$unwind", "$" + Joined));
        stages.Add(new("$replaceRoot", new BsonDocument("newRoot", new BsonDocument(
            "$mergeObjects", new BsonArray { "$" + Joined, new BsonDocument(ListState, "$" + SubscriptionFields.State) }))));
        stages.Add(new("$match", recordMatch));
        stages.AddRange(joinStages);
        if (limit is { } n)
        {
            stages.Add(new("$limit", n));
        }

        return stages;
    }

    private List<BsonDocument> Records(bool inIdOrder, int? limit, bool joinListState)
    {
        List<BsonDocument> stages = [new("$match", recordMatch)];
        if (inIdOrder)
        {
            stages.Add(new("$sort", new BsonDocument(RecordFields.Id, 1)));
        }

        stages.AddRange(joinStages);
        if (limit is { } n)
        {
            stages.Add(new("$limit", n));
        }

        if (listId is not null && joinListState)
        {
            // The lookup's pipeline lets MongoDB seek (org_id, record_id, list_id); the $filter keeps
            // the result right on servers that ignore it (CongoDB does).
            var sameList = new BsonDocument { [SubscriptionFields.OrgId] = orgId, [SubscriptionFields.ListId] = listId };
            stages.Add(Lookup(subscriptions, RecordFields.Id, SubscriptionFields.RecordId, new BsonArray { new BsonDocument("$match", sameList) }));
            stages.Add(new("$set", new BsonDocument(ListState, new BsonDocument("$let", new BsonDocument
            {
                ["vars"] = new BsonDocument("mine", new BsonDocument("$filter", new BsonDocument
                {
                    ["input"] = "$" + Joined,
                    ["cond"] = new BsonDocument("$and", new BsonArray
                    {
                        new BsonDocument("$eq", new BsonArray { "$$this." + SubscriptionFields.OrgId, orgId }),
                        new BsonDocument("$eq", new BsonArray { "$$this." + SubscriptionFields.ListId, listId }),
                    }),
                })),
                ["in"] = new BsonDocument("$arrayElemAt", new BsonArray { "$$mine." + SubscriptionFields.State, 0 }),
            }))));
        }

        return stages;
    }

    private static BsonDocument Lookup(string from, string localField, string foreignField, BsonArray? pipeline)
    {
        var lookup = new BsonDocument { ["from"] = from, ["localField"] = localField, ["foreignField"] = foreignField };
        if (pipeline is not null)
        {
            lookup["pipeline"] = pipeline;
        }

        lookup["as"] = Joined;
        return new BsonDocument("$lookup", lookup);
    }
}
