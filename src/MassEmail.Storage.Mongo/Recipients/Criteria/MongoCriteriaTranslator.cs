using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>
/// Translates a <see cref="Filter"/> into a query document on <c>records</c>. A client condition
/// cannot be a join in a single-collection query, so it is resolved first: the organisation's
/// clients matching it are looked up (through the external id index) and the condition becomes
/// <c>client_external_id ∈ {their external ids}</c>.
/// </summary>
internal sealed class MongoCriteriaTranslator(MongoCollections collections)
{
    private readonly IMongoCollection<RecordDocument> records = collections.Records;

    /// <summary>The filter for records of <paramref name="orgId"/> (a valid ObjectId); the caller adds org and module.</summary>
    public async Task<BsonDocument> TranslateAsync(string orgId, Filter filter, CancellationToken ct) => filter switch
    {
        AllOf all => RecordFilters.And(await ChildrenAsync(orgId, all.Children, ct)),
        AnyOf any => RecordFilters.Or(await ChildrenAsync(orgId, any.Children, ct)),
        ClientMatches client => await ClientConditionAsync(orgId, client.Inner, ct),
        FieldFilter field => FieldConditions.For(field),
        _ => throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter)),
    };

    private async Task<List<BsonDocument>> ChildrenAsync(string orgId, IReadOnlyList<Filter> children, CancellationToken ct)
    {
        var translated = new List<BsonDocument>(children.Count);
        foreach (Filter child in children)
        {
            translated.Add(await TranslateAsync(orgId, child, ct));
        }

        return translated;
    }

    private async Task<BsonDocument> ClientConditionAsync(string orgId, FieldFilter inner, CancellationToken ct)
    {
        BsonDocument clients = RecordFilters.And(RecordFilters.Scope(orgId, RecordModule.Clients), FieldConditions.For(inner));
        var externalIds = new BsonArray();
        using IAsyncCursor<BsonDocument> cursor = await records.FindAsync<BsonDocument>(
            clients,
            new FindOptions<RecordDocument, BsonDocument>
            {
                Projection = new BsonDocument { [RecordFields.Id] = 0, [RecordFields.ExternalId] = 1 },
            },
            ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (BsonDocument client in cursor.Current)
            {
                externalIds.Add(client[RecordFields.ExternalId]);
            }
        }

        // Records without a client have a null client_external_id, which no external id equals.
        return new BsonDocument(RecordFields.ClientExternalId, new BsonDocument("$in", externalIds));
    }
}
