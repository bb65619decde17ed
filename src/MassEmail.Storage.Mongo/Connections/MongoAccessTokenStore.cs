using MassEmail.Core.Connections;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Connections;

/// <summary>
/// The <c>access_tokens</c> collection (deciding concerns: a lease rolled back by an election would let two instances
/// refresh). Each write is one insert or one conditional single-document update: the first lease inserts the document
/// (_id decides), later ones are taken only when free or ended, the token is stored only by the lease's holder and
/// dropped only while its fingerprint is the one the caller saw.
/// </summary>
internal sealed class MongoAccessTokenStore(MongoCollections collections) : IAccessTokenStore
{
    private static readonly FilterDefinitionBuilder<AccessTokenDocument> Filter = Builders<AccessTokenDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<AccessTokenDocument> Update = Builders<AccessTokenDocument>.Update;
    private readonly IMongoCollection<AccessTokenDocument> tokens = collections.AccessTokens;

    public async Task<StoredAccessToken?> GetAsync(string key, CancellationToken ct)
    {
        AccessTokenDocument? doc = await tokens.Find(Filter.Eq(d => d.Id, AccessTokenDocument.IdOf(key))).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<bool> TryLeaseAsync(string key, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        try
        {
            // The first lease of a key creates its document: _id decides between instances racing for it.
            await tokens.InsertOneAsync(new AccessTokenDocument { Id = AccessTokenDocument.IdOf(key), Key = key, Holder = holder, LeaseUntil = leaseUntil }, cancellationToken: ct);
            return true;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // The document exists: taken only when nobody holds it or its holder's lease has ended.
        }

        var free = Filter.Eq(d => d.Id, AccessTokenDocument.IdOf(key)) & (Filter.Eq(d => d.Holder, null) | Filter.Lte(d => d.LeaseUntil, now));
        var result = await tokens.UpdateOneAsync(free, Update.Set(d => d.Holder, holder).Set(d => d.LeaseUntil, leaseUntil), cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<bool> CompleteAsync(string key, string holder, string protectedToken, string fingerprint, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var result = await tokens.UpdateOneAsync(
            Filter.Eq(d => d.Id, AccessTokenDocument.IdOf(key)) & Filter.Eq(d => d.Holder, holder),
            Update.Set(d => d.ProtectedToken, protectedToken).Set(d => d.Fingerprint, fingerprint).Set(d => d.ExpiresAt, expiresAt)
                .Set(d => d.Holder, null).Set(d => d.LeaseUntil, null),
            cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public Task ReleaseAsync(string key, string holder, CancellationToken ct) => tokens.UpdateOneAsync(
        Filter.Eq(d => d.Id, AccessTokenDocument.IdOf(key)) & Filter.Eq(d => d.Holder, holder), Update.Set(d => d.Holder, null).Set(d => d.LeaseUntil, null), cancellationToken: ct);

    public async Task<bool> InvalidateAsync(string key, string fingerprint, CancellationToken ct)
    {
        var result = await tokens.UpdateOneAsync(
            Filter.Eq(d => d.Id, AccessTokenDocument.IdOf(key)) & Filter.Eq(d => d.Fingerprint, fingerprint),
            Update.Set(d => d.ProtectedToken, null).Set(d => d.Fingerprint, null).Set(d => d.ExpiresAt, null),
            cancellationToken: ct);
        return result.MatchedCount > 0;
    }
}
