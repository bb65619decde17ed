using MassEmail.Core.Suppressions;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Suppressions;

/// <summary>
/// The <c>suppressions</c> collection. An add inserts the document with its derived <c>_id</c>; a duplicate key means
/// the address is already suppressed, and the stored document is returned unchanged.
/// </summary>
internal sealed class MongoSuppressionStore(MongoCollections collections) : ISuppressionStore
{
    private static readonly FilterDefinitionBuilder<SuppressionDocument> Filter = Builders<SuppressionDocument>.Filter;

    private readonly IMongoCollection<SuppressionDocument> suppressions = collections.Suppressions;

    public async Task<(Suppression Stored, bool Added)> AddAsync(Suppression suppression, CancellationToken ct)
    {
        var doc = SuppressionDocument.From(suppression);
        while (true)
        {
            try
            {
                await suppressions.InsertOneAsync(doc, cancellationToken: ct);
                return (doc.ToDomain(), true);
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                // Already suppressed; unless it was lifted meanwhile (then the insert is tried again).
                if (await GetAsync(suppression.OrgId, suppression.EmailKey, ct) is { } stored)
                {
                    return (stored, false);
                }
            }
        }
    }

    public async Task<bool> RemoveAsync(string orgId, string emailKey, CancellationToken ct)
    {
        DeleteResult deleted = await suppressions.DeleteOneAsync(Filter.Eq(d => d.Id, SuppressionDocument.IdOf(orgId, emailKey)), ct);
        return deleted.DeletedCount == 1;
    }

    public async Task<Suppression?> GetAsync(string orgId, string emailKey, CancellationToken ct)
    {
        SuppressionDocument? doc = await suppressions.Find(Filter.Eq(d => d.Id, SuppressionDocument.IdOf(orgId, emailKey))).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlySet<string>> FindSuppressedAsync(string orgId, IReadOnlyCollection<string> emailKeys, CancellationToken ct)
    {
        if (emailKeys.Count == 0)
        {
            return new HashSet<string>();
        }

        var keys = await suppressions.Find(Filter.Eq(d => d.OrgId, orgId) & Filter.In(d => d.EmailKey, emailKeys))
            .Project(d => d.EmailKey).ToListAsync(ct);
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Suppression>> ListAsync(string orgId, string? afterKey, int limit, CancellationToken ct)
    {
        var filter = Filter.Eq(d => d.OrgId, orgId);
        if (afterKey is not null)
        {
            filter &= Filter.Gt(d => d.EmailKey, afterKey);
        }

        var docs = await suppressions.Find(filter).Sort(Builders<SuppressionDocument>.Sort.Ascending(d => d.EmailKey)).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }
}
