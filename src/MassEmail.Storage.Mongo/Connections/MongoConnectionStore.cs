using MassEmail.Core.Connections;
using MassEmail.Core.Errors;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Connections;

/// <summary>The <c>plugin_connections</c> collection: unique name per org_id; the credentials arrive and leave as ciphertext.</summary>
internal sealed class MongoConnectionStore(MongoCollections collections) : IConnectionStore
{
    private static readonly FilterDefinitionBuilder<ConnectionDocument> Filter = Builders<ConnectionDocument>.Filter;
    private readonly IMongoCollection<ConnectionDocument> connections = collections.PluginConnections;

    public async Task InsertAsync(Connection connection, CancellationToken ct)
    {
        try
        {
            await connections.InsertOneAsync(ConnectionDocument.FromDomain(connection), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, name_key) index.
            throw new AlreadyExistsException("connection", "name", connection.Name);
        }
    }

    public async Task<Connection?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        ConnectionDocument? doc = await connections.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<Connection>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<ConnectionDocument> docs = await connections.Find(Filter.Eq(d => d.OrgId, orgId)).ToListAsync(ct);

        // An organisation has few connections; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(c => c.NameKey, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        DeleteResult result = await connections.DeleteOneAsync(ById(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    public async Task<Connection?> FindByIdAsync(string id, CancellationToken ct)
    {
        if (!MongoIds.IsValid(id))
        {
            return null;
        }

        // The _id index serves it.
        ConnectionDocument? doc = await connections.Find(Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    private static FilterDefinition<ConnectionDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
