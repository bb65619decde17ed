using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Tenancy;

/// <summary>The <c>api_keys</c> collection. Keys are found by id alone at authentication, by organisation otherwise.</summary>
internal sealed class MongoApiKeyStore(MongoCollections collections, MongoAdminAccess adminAccess) : IApiKeyStore
{
    private static readonly FilterDefinitionBuilder<ApiKeyDocument> Filter = Builders<ApiKeyDocument>.Filter;
    private readonly IMongoCollection<ApiKeyDocument> keys = collections.ApiKeys;
    private readonly IMongoCollection<UserDocument> users = collections.Users;

    public async Task CreateAsync(ApiKey key, CancellationToken ct)
    {
        try
        {
            await keys.InsertOneAsync(ApiKeyDocument.FromDomain(key), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("API key", "id", key.Id);
        }
    }

    public async Task<ApiKeyCredential?> FindCredentialAsync(string keyId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(keyId))
        {
            return null;
        }

        // Two _id point reads; a $lookup would cost more on the server than the extra round trip.
        ApiKeyDocument? key = await keys.Find(Filter.Eq(d => d.Id, keyId)).FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }

        FilterDefinition<UserDocument> user = Builders<UserDocument>.Filter.Eq(d => d.Id, key.UserId)
            & Builders<UserDocument>.Filter.Eq(d => d.OrgId, key.OrgId);
        List<bool> active = await users.Find(user).Project(d => d.Active).Limit(1).ToListAsync(ct);

        // A key whose user is gone is refused like one whose user is inactive.
        return new ApiKeyCredential(key.ToDomain(), active is [true]);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<ApiKeyDocument> docs = await keys.Find(Filter.Eq(d => d.OrgId, orgId))
            .Sort(Builders<ApiKeyDocument>.Sort.Descending(d => d.CreatedAt).Descending(d => d.Id))
            .ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<AdminWriteOutcome> RevokeAsync(string orgId, string keyId, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, keyId))
        {
            return AdminWriteOutcome.NotFound;
        }

        FilterDefinition<ApiKeyDocument> inOrg = Filter.Eq(d => d.Id, keyId) & Filter.Eq(d => d.OrgId, orgId);
        return await adminAccess.UnderLeaseAsync(orgId, async () =>
        {
            if (!await keys.Find(inOrg).Project(d => d.Id).Limit(1).AnyAsync(ct))
            {
                return AdminWriteOutcome.NotFound;
            }

            // The key is the last admin access when it is admin access itself and no other key is.
            var access = await adminAccess.ListAsync(orgId, ct);
            if (access.Any(a => a.KeyId == keyId) && access.All(a => a.KeyId == keyId))
            {
                return AdminWriteOutcome.LastAdminAccess;
            }

            // Only an unrevoked key is written, so the first revocation time is kept.
            await keys.UpdateOneAsync(inOrg & Filter.Eq(d => d.RevokedAt, null), Builders<ApiKeyDocument>.Update.Set(d => d.RevokedAt, at), cancellationToken: ct);
            return AdminWriteOutcome.Done;
        }, ct);
    }
}
