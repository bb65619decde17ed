using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Templates;

/// <summary>The <c>template_folders</c> collection; every filter carries <c>org_id</c>.</summary>
internal sealed class MongoTemplateFolderStore(MongoCollections collections) : ITemplateFolderStore
{
    private static readonly FilterDefinitionBuilder<TemplateFolderDocument> Filter = Builders<TemplateFolderDocument>.Filter;
    private readonly IMongoCollection<TemplateFolderDocument> folders = collections.TemplateFolders;

    public async Task InsertAsync(TemplateFolder folder, CancellationToken ct)
    {
        try
        {
            await folders.InsertOneAsync(TemplateFolderDocument.FromDomain(folder), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, name_key) index.
            throw new AlreadyExistsException("template folder", "name", folder.Name);
        }
    }

    public async Task<TemplateFolder?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        TemplateFolderDocument? doc = await folders.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<TemplateFolder>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<TemplateFolderDocument> docs = await folders.Find(Filter.Eq(d => d.OrgId, orgId))
            .Sort(Builders<TemplateFolderDocument>.Sort.Ascending(d => d.NameKey).Ascending(d => d.Id))
            .ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        DeleteResult result = await folders.DeleteOneAsync(ById(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    private static FilterDefinition<TemplateFolderDocument> ById(string orgId, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
