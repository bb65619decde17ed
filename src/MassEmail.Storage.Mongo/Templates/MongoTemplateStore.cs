using System.Text.RegularExpressions;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Templates;

/// <summary>The <c>templates</c> collection: unique name per organisation, keyset listing, writes conditional on version.</summary>
internal sealed class MongoTemplateStore(MongoCollections collections) : ITemplateStore
{
    private static readonly FilterDefinitionBuilder<TemplateDocument> Filter = Builders<TemplateDocument>.Filter;
    private static readonly SortDefinition<TemplateDocument> ByNameKey =
        Builders<TemplateDocument>.Sort.Ascending(d => d.NameKey).Ascending(d => d.Id);

    private readonly IMongoCollection<TemplateDocument> templates = collections.Templates;

    public async Task InsertAsync(Template template, CancellationToken ct)
    {
        try
        {
            await templates.InsertOneAsync(TemplateDocument.FromDomain(template), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, name_key) index.
            throw new AlreadyExistsException("template", "name", template.Name);
        }
    }

    public async Task<Template?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        TemplateDocument? doc = await templates.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<Template>> ListAsync(TemplateQuery query, CancellationToken ct)
    {
        if (!MongoIds.IsValid(query.OrgId) || (query.FolderId is not null && !MongoIds.IsValid(query.FolderId)))
        {
            return [];
        }

        FilterDefinition<TemplateDocument> filter = Filter.Eq(d => d.OrgId, query.OrgId);
        if (query.FolderId is not null)
        {
            filter &= Filter.Eq(d => d.FolderId, query.FolderId);
        }

        if (!string.IsNullOrEmpty(query.NameContainsKey))
        {
            // Escaped, so the search text is matched literally and cannot inject a costly pattern.
            filter &= Filter.Regex(d => d.NameKey, new BsonRegularExpression(Regex.Escape(query.NameContainsKey)));
        }

        if (query.AfterNameKey is not null)
        {
            FilterDefinition<TemplateDocument> after = Filter.Gt(d => d.NameKey, query.AfterNameKey);
            if (query.AfterId is not null && MongoIds.IsValid(query.AfterId))
            {
                after |= Filter.Eq(d => d.NameKey, query.AfterNameKey) & Filter.Gt(d => d.Id, query.AfterId);
            }

            filter &= after;
        }

        List<TemplateDocument> docs = await templates.Find(filter).Sort(ByNameKey).Limit(query.Limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Template template, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(template.OrgId, template.Id))
        {
            return WriteOutcome.NotFound;
        }

        ReplaceOneResult result;
        try
        {
            result = await templates.ReplaceOneAsync(
                ById(template.OrgId, template.Id) & Filter.Eq(d => d.Version, expectedVersion),
                TemplateDocument.FromDomain(template),
                cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("template", "name", template.Name);
        }

        if (result.MatchedCount > 0)
        {
            return WriteOutcome.Done;
        }

        return await ExistsAsync(template.OrgId, template.Id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return WriteOutcome.NotFound;
        }

        FilterDefinition<TemplateDocument> filter = ById(orgId, id);
        if (expectedVersion is { } version)
        {
            filter &= Filter.Eq(d => d.Version, version);
        }

        DeleteResult result = await templates.DeleteOneAsync(filter, ct);
        if (result.DeletedCount > 0)
        {
            return WriteOutcome.Done;
        }

        return expectedVersion is not null && await ExistsAsync(orgId, id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public Task<bool> AnyInFolderAsync(string orgId, string folderId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, folderId))
        {
            return Task.FromResult(false);
        }

        return templates.Find(Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.FolderId, folderId))
            .Project(d => d.Id).Limit(1).AnyAsync(ct);
    }

    private static FilterDefinition<TemplateDocument> ById(string orgId, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);

    // Only reached after a conditional write matched nothing, to tell the caller why.
    private Task<bool> ExistsAsync(string orgId, string id, CancellationToken ct) =>
        templates.Find(ById(orgId, id)).Project(d => d.Id).Limit(1).AnyAsync(ct);
}
