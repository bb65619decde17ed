using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Mongo.Documents;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// Translates a <see cref="Filter"/> into a query on <c>records</c>. A client condition is resolved first: the
/// organisation's clients matching it are looked up (index-served, at most
/// <see cref="MongoStoreOptions.ClientConditionInlineLimit"/> + 1 of them, external ids only). When that many or fewer
/// match, the condition becomes <c>client_external_id ∈ {their external ids}</c>, a bounded list. When more match, an
/// inlined list could grow past the 16 MB command limit, so the condition becomes a join instead: a <c>$lookup</c> of
/// each record's client by (org, module, external id), the unique index, with the client condition in its pipeline.
/// </summary>
internal sealed class MongoCriteriaTranslator(MongoCollections collections, IOptions<MongoStoreOptions> options)
{
    /// <summary>Prefix of the fields joins add to records (removed again after the filter).</summary>
    public const string JoinFieldPrefix = "_criteria_client_";

    private readonly IMongoCollection<RecordDocument> records = collections.Records;
    private readonly MongoStoreOptions settings = options.Value;

    /// <summary>The criteria for records of <paramref name="orgId"/> (a valid ObjectId); the caller adds org and module.</summary>
    public async Task<RecordCriteria> TranslateAsync(string orgId, Filter filter, CancellationToken ct)
    {
        var joins = new List<BsonDocument>();
        var fields = new List<string>();
        BsonDocument translated = await NodeAsync(orgId, filter, joins, fields, ct);
        if (joins.Count == 0)
        {
            return new RecordCriteria(translated, translated, [], []);
        }

        // The conditions of a top-level AND that need no join bound the records the joins run for.
        BsonDocument prefilter = RecordFilters.MatchAll;
        if (filter is AllOf all)
        {
            var free = new List<BsonDocument>();
            foreach (Filter child in all.Children.Where(c => !HasClientCondition(c)))
            {
                free.Add(await NodeAsync(orgId, child, [], [], ct));
            }

            prefilter = RecordFilters.And(free);
        }

        return new RecordCriteria(translated, prefilter, joins, fields);
    }

    private static bool HasClientCondition(Filter filter) => filter switch
    {
        ClientMatches => true,
        AllOf all => all.Children.Any(HasClientCondition),
        AnyOf any => any.Children.Any(HasClientCondition),
        _ => false,
    };

    private async Task<BsonDocument> NodeAsync(string orgId, Filter filter, List<BsonDocument> joins, List<string> fields, CancellationToken ct) => filter switch
    {
        AllOf all => RecordFilters.And(await ChildrenAsync(orgId, all.Children, joins, fields, ct)),
        AnyOf any => RecordFilters.Or(await ChildrenAsync(orgId, any.Children, joins, fields, ct)),
        ClientMatches client => await ClientConditionAsync(orgId, client.Inner, joins, fields, ct),
        FieldFilter field => FieldConditions.For(field),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    private async Task<List<BsonDocument>> ChildrenAsync(string orgId, IReadOnlyList<Filter> children, List<BsonDocument> joins, List<string> fields, CancellationToken ct)
    {
        var translated = new List<BsonDocument>(children.Count);
        foreach (Filter child in children)
        {
            translated.Add(await NodeAsync(orgId, child, joins, fields, ct));
        }

        return translated;
    }

    private async Task<BsonDocument> ClientConditionAsync(string orgId, FieldFilter inner, List<BsonDocument> joins, List<string> fields, CancellationToken ct)
    {
        BsonDocument clients = RecordFilters.And(RecordFilters.Scope(orgId, RecordModule.Clients), FieldConditions.For(inner));
        var limit = settings.ClientConditionInlineLimit;
        var externalIds = new BsonArray();
        using (IAsyncCursor<BsonDocument> cursor = await records.FindAsync<BsonDocument>(
            clients,
            new FindOptions<RecordDocument, BsonDocument>
            {
                Projection = new BsonDocument { [RecordFields.Id] = 0, [RecordFields.ExternalId] = 1 },
                Limit = limit + 1,
                MaxTime = settings.QueryTimeLimit,
            },
            ct))
        {
            while (await cursor.MoveNextAsync(ct))
            {
                externalIds.AddRange(cursor.Current.Select(c => c[RecordFields.ExternalId]));
            }
        }

        if (externalIds.Count <= limit)
        {
            // Records without a client have a null client_external_id, which no external id equals.
            return new BsonDocument(RecordFields.ClientExternalId, new BsonDocument("$in", externalIds));
        }

        // Too many to inline: each record's own client (at most one: external ids are unique per module) is looked up by
        // the unique index (equality on the external id, the pipeline's org and module) and tested. A record without a
        // client looks up a null external id, which no client has. The joined clients are tested again after the join
        // with the same condition, so that the result is the same on servers that ignore a lookup's pipeline (CongoDB
        // does, joining every record with that external id); the pipeline keeps only what that test reads.
        var field = JoinFieldPrefix + joins.Count;
        var kept = new BsonDocument
        {
            [RecordFields.OrgId] = 1,
            [RecordFields.Module] = 1,
            [RecordPaths.Of(inner.Field)] = 1,
            [CriteriaKeys.Field] = 1,
        };
        joins.Add(new BsonDocument("$lookup", new BsonDocument
        {
            ["from"] = records.CollectionNamespace.CollectionName,
            ["localField"] = RecordFields.ClientExternalId,
            ["foreignField"] = RecordFields.ExternalId,
            ["pipeline"] = new BsonArray { new BsonDocument("$match", clients), new BsonDocument("$project", kept) },
            ["as"] = field,
        }));
        fields.Add(field);
        return new BsonDocument(field, new BsonDocument("$elemMatch", clients));
    }
}
