using MassEmail.Core.Recipients;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>The <c>custom_fields</c> collection: one definition per (org_id, module, name), the first one wins.</summary>
internal sealed class MongoCustomFieldStore(MongoCollections collections) : ICustomFieldStore
{
    private static readonly FilterDefinitionBuilder<CustomFieldDocument> Filter = Builders<CustomFieldDocument>.Filter;
    private readonly IMongoCollection<CustomFieldDocument> fields = collections.CustomFields;

    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(string orgId, RecordModule module, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<CustomFieldDocument> docs = await fields.Find(Filter.Eq(d => d.OrgId, orgId) & Filter.Eq(d => d.Module, module)).ToListAsync(ct);

        // A module has few fields; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    public async Task DefineAsync(CustomFieldDefinition definition, CancellationToken ct)
    {
        // An upsert that only sets on insert: an existing definition is left as it is.
        try
        {
            await fields.UpdateOneAsync(
                Filter.Eq(d => d.OrgId, definition.OrgId) & Filter.Eq(d => d.Module, definition.Module) & Filter.Eq(d => d.Name, definition.Name),
                Builders<CustomFieldDocument>.Update
                    .SetOnInsert(d => d.Type, definition.Type)
                    .SetOnInsert(d => d.CreatedAt, definition.CreatedAt),
                new UpdateOptions { IsUpsert = true },
                ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Two concurrent upserts both inserted; the unique index kept the first, which wins.
        }
    }
}
