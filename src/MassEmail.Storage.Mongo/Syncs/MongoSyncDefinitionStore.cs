using MassEmail.Core.Errors;
using MassEmail.Core.Syncs;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Syncs;

/// <summary>
/// The <c>sync_definitions</c> collection: unique name per (org_id, connection_id); an update is one single-document
/// update conditional on the version, so concurrent editors on any instance agree on one winner; a run's claim,
/// checkpoint and release are single-document updates conditional on its lease.
/// </summary>
internal sealed partial class MongoSyncDefinitionStore(MongoCollections collections) : ISyncDefinitionStore
{
    private static readonly FilterDefinitionBuilder<SyncDefinitionDocument> Filter = Builders<SyncDefinitionDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<SyncDefinitionDocument> Update = Builders<SyncDefinitionDocument>.Update;
    private readonly IMongoCollection<SyncDefinitionDocument> definitions = collections.SyncDefinitions;

    public async Task InsertAsync(SyncDefinition definition, CancellationToken ct)
    {
        try
        {
            await definitions.InsertOneAsync(SyncDefinitionDocument.FromDomain(definition), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, connection_id, name_key) index.
            throw new AlreadyExistsException("sync definition", "name", definition.Name);
        }
    }

    public async Task<SyncDefinition?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        SyncDefinitionDocument? doc = await definitions.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListAsync(string orgId, string connectionId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<SyncDefinitionDocument> docs = await definitions.Find(OfConnection(orgId, connectionId)).ToListAsync(ct);

        // A connection has few definitions; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(d => d.NameKey, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListForOrganisationAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        // Served by the name index's org_id prefix; an organisation has few definitions, sorted here by id.
        List<SyncDefinitionDocument> docs = await definitions.Find(Filter.Eq(d => d.OrgId, orgId)).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain()).OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<SyncDefinition>> ListAllAsync(string? afterId, int limit, CancellationToken ct)
    {
        // A range over _id even for the first page: the query is then served by the _id index.
        var after = Filter.Gt(d => d.Id, afterId is not null && MongoIds.IsValid(afterId) ? afterId : MongoDB.Bson.ObjectId.Empty.ToString());
        List<SyncDefinitionDocument> docs = await definitions.Find(after).SortBy(d => d.Id).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> UpdateAsync(SyncDefinition definition, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(definition.OrgId, definition.Id))
        {
            return false;
        }

        var doc = SyncDefinitionDocument.FromDomain(definition);
        try
        {
            var set = Update.Set(d => d.Name, doc.Name).Set(d => d.NameKey, doc.NameKey).Set(d => d.Settings, doc.Settings)
                .Set(d => d.UpdatedAt, doc.UpdatedAt).Set(d => d.Version, doc.Version);
            UpdateResult result = await definitions.UpdateOneAsync(
                ById(definition.OrgId, definition.Id) & Filter.Eq(d => d.Version, expectedVersion),
                // $max gives a document stored before sync runs existed its free lease.
                doc.RunDueAt is { } due ? set.Set(d => d.RunDueAt, due).Max(d => d.RunLeaseUntil, DateTimeOffset.UnixEpoch) : set,
                cancellationToken: ct);
            return result.MatchedCount > 0;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("sync definition", "name", definition.Name);
        }
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        DeleteResult result = await definitions.DeleteOneAsync(ById(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    public async Task<int> DeleteForConnectionAsync(string orgId, string connectionId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return 0;
        }

        DeleteResult result = await definitions.DeleteManyAsync(OfConnection(orgId, connectionId), ct);
        return (int)result.DeletedCount;
    }

    private static FilterDefinition<SyncDefinitionDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);

    private static FilterDefinition<SyncDefinitionDocument> OfConnection(string orgId, string connectionId) =>
        Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.ConnectionId, connectionId);
}
