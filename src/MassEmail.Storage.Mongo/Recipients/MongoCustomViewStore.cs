using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>The <c>custom_views</c> collection: unique name per (org_id, module), writes conditional on version.</summary>
internal sealed class MongoCustomViewStore(MongoCollections collections) : ICustomViewStore
{
    private static readonly FilterDefinitionBuilder<CustomViewDocument> Filter = Builders<CustomViewDocument>.Filter;
    private readonly IMongoCollection<CustomViewDocument> views = collections.CustomViews;

    public async Task InsertAsync(CustomView view, CancellationToken ct)
    {
        try
        {
            await views.InsertOneAsync(CustomViewDocument.FromDomain(view), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, module, name_key) index.
            throw new AlreadyExistsException("custom view", "name", view.Name);
        }
    }

    public async Task<CustomView?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        CustomViewDocument? doc = await views.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<CustomView>> ListAsync(string orgId, RecordModule? module, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        FilterDefinition<CustomViewDocument> filter = Filter.Eq(d => d.OrgId, orgId);
        if (module is { } m)
        {
            filter &= Filter.Eq(d => d.Module, m);
        }

        List<CustomViewDocument> docs = await views.Find(filter).ToListAsync(ct);

        // An organisation has few views; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(v => v.NameKey, StringComparer.Ordinal).ThenBy(v => v.Id, StringComparer.Ordinal)];
    }

    public async Task<WriteOutcome> ReplaceAsync(CustomView view, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(view.OrgId, view.Id))
        {
            return WriteOutcome.NotFound;
        }

        ReplaceOneResult result;
        try
        {
            result = await views.ReplaceOneAsync(
                ById(view.OrgId, view.Id) & Filter.Eq(d => d.Version, expectedVersion),
                CustomViewDocument.FromDomain(view),
                cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("custom view", "name", view.Name);
        }

        if (result.MatchedCount > 0)
        {
            return WriteOutcome.Done;
        }

        // Only reached after the conditional write matched nothing, to tell the caller why.
        var exists = await views.Find(ById(view.OrgId, view.Id)).Project(d => d.Id).Limit(1).AnyAsync(ct);
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        DeleteResult result = await views.DeleteOneAsync(ById(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    private static FilterDefinition<CustomViewDocument> ById(string orgId, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
