using MassEmail.Core.OptOut;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.OptOut;

/// <summary>
/// The <c>signing_key_rings</c> collection. The first write is an insert, which the derived <c>_id</c> lets only one
/// writer win; later writes replace the document only while it still has the expected version.
/// </summary>
internal sealed class MongoSigningKeyStore(MongoCollections collections) : ISigningKeyStore
{
    private static readonly FilterDefinitionBuilder<SigningKeyRingDocument> Filter = Builders<SigningKeyRingDocument>.Filter;

    private readonly IMongoCollection<SigningKeyRingDocument> rings = collections.SigningKeyRings;

    public async Task<SigningKeyRing?> GetAsync(CancellationToken ct)
    {
        SigningKeyRingDocument? doc = await rings.Find(Filter.Eq(d => d.Id, SigningKeyRingDocument.UnsubscribeRingId)).FirstOrDefaultAsync(ct);
        return doc?.ToRing();
    }

    public async Task<WriteOutcome> WriteAsync(SigningKeyRing ring, long expectedVersion, CancellationToken ct)
    {
        var doc = SigningKeyRingDocument.From(ring);
        if (expectedVersion == 0)
        {
            try
            {
                await rings.InsertOneAsync(doc, cancellationToken: ct);
                return WriteOutcome.Done;
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                return WriteOutcome.VersionMismatch;
            }
        }

        ReplaceOneResult replaced = await rings.ReplaceOneAsync(
            Filter.Eq(d => d.Id, doc.Id) & Filter.Eq(d => d.Version, expectedVersion), doc, cancellationToken: ct);
        return replaced.MatchedCount == 1 ? WriteOutcome.Done : WriteOutcome.VersionMismatch;
    }
}
