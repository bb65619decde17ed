using MassEmail.Core.Errors;
using MassEmail.Core.Macros;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Macros;

/// <summary>The <c>macros</c> collection: unique name per org_id, writes conditional on version.</summary>
internal sealed class MongoMacroStore(MongoCollections collections) : IMacroStore
{
    private static readonly FilterDefinitionBuilder<MacroDocument> Filter = Builders<MacroDocument>.Filter;
    private readonly IMongoCollection<MacroDocument> macros = collections.Macros;

    public async Task InsertAsync(Macro macro, CancellationToken ct)
    {
        try
        {
            await macros.InsertOneAsync(MacroDocument.FromDomain(macro), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, name_key) index.
            throw new AlreadyExistsException("macro", "name", macro.Name);
        }
    }

    public async Task<Macro?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        MacroDocument? doc = await macros.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<Macro>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<MacroDocument> docs = await macros.Find(Filter.Eq(d => d.OrgId, orgId)).ToListAsync(ct);

        // An organisation has few macros; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(m => m.NameKey, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    public async Task<WriteOutcome> ReplaceAsync(Macro macro, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(macro.OrgId, macro.Id))
        {
            return WriteOutcome.NotFound;
        }

        ReplaceOneResult result;
        try
        {
            result = await macros.ReplaceOneAsync(
                ById(macro.OrgId, macro.Id) & Filter.Eq(d => d.Version, expectedVersion), MacroDocument.FromDomain(macro), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("macro", "name", macro.Name);
        }

        if (result.MatchedCount > 0)
        {
            return WriteOutcome.Done;
        }

        // Only reached after the conditional write matched nothing, to tell the caller why.
        var exists = await macros.Find(ById(macro.OrgId, macro.Id)).Project(d => d.Id).Limit(1).AnyAsync(ct);
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        DeleteResult result = await macros.DeleteOneAsync(ById(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    private static FilterDefinition<MacroDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
