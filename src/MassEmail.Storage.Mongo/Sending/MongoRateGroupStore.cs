using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>rate_groups</c> collection. The first write is an insert, which the derived <c>_id</c> lets only one
/// writer win; later writes replace the document only while it still has the expected version.
/// </summary>
internal sealed class MongoRateGroupStore(MongoCollections collections) : IRateGroupStore
{
    private static readonly FilterDefinitionBuilder<RateGroupDocument> Filter = Builders<RateGroupDocument>.Filter;

    private readonly IMongoCollection<RateGroupDocument> groups = collections.RateGroups;

    public async Task<RateGroup?> GetAsync(string key, CancellationToken ct)
    {
        RateGroupDocument? doc = await groups.Find(Filter.Eq(d => d.Id, RateGroupDocument.IdOf(key))).FirstOrDefaultAsync(ct);
        return doc?.ToGroup();
    }

    public async Task<WriteOutcome> WriteAsync(RateGroup group, long expectedVersion, CancellationToken ct)
    {
        var doc = RateGroupDocument.From(group);
        if (expectedVersion == 0)
        {
            try
            {
                await groups.InsertOneAsync(doc, cancellationToken: ct);
                return WriteOutcome.Done;
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                return WriteOutcome.VersionMismatch;
            }
        }

        ReplaceOneResult replaced = await groups.ReplaceOneAsync(
            Filter.Eq(d => d.Id, doc.Id) & Filter.Eq(d => d.Version, expectedVersion), doc, cancellationToken: ct);
        return replaced.MatchedCount == 1 ? WriteOutcome.Done : WriteOutcome.VersionMismatch;
    }
}
