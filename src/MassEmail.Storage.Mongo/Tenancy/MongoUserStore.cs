using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Tenancy;

/// <summary>The <c>users</c> collection; every filter carries <c>org_id</c>.</summary>
internal sealed class MongoUserStore(MongoCollections collections, MongoAdminAccess adminAccess) : IUserStore
{
    private static readonly FilterDefinitionBuilder<UserDocument> Filter = Builders<UserDocument>.Filter;
    private readonly IMongoCollection<UserDocument> users = collections.Users;

    public async Task CreateAsync(User user, CancellationToken ct)
    {
        try
        {
            await users.InsertOneAsync(UserDocument.FromDomain(user), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, email_key) index.
            throw new AlreadyExistsException("user", "email", user.Email);
        }
    }

    public async Task<User?> GetAsync(string orgId, string userId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, userId))
        {
            return null;
        }

        UserDocument? doc = await users.Find(ById(orgId, userId)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<User>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<UserDocument> docs = await users.Find(Filter.Eq(d => d.OrgId, orgId))
            .Sort(Builders<UserDocument>.Sort.Ascending(d => d.EmailKey).Ascending(d => d.Id))
            .ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> SetActiveAsync(string orgId, string userId, bool active, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, userId))
        {
            return false;
        }

        UpdateResult result = await users.UpdateOneAsync(
            ById(orgId, userId), Builders<UserDocument>.Update.Set(d => d.Active, active), cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<AdminWriteOutcome> DeactivateAsync(string orgId, string userId, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, userId))
        {
            return AdminWriteOutcome.NotFound;
        }

        return await adminAccess.UnderLeaseAsync(orgId, async () =>
        {
            if (!await users.Find(ById(orgId, userId)).Project(d => d.Id).Limit(1).AnyAsync(ct))
            {
                return AdminWriteOutcome.NotFound;
            }

            // The user is the last admin access when some of it is theirs and none is anybody else's.
            var access = await adminAccess.ListAsync(orgId, ct);
            if (access.Any(a => a.UserId == userId) && access.All(a => a.UserId == userId))
            {
                return AdminWriteOutcome.LastAdminAccess;
            }

            await users.UpdateOneAsync(ById(orgId, userId), Builders<UserDocument>.Update.Set(d => d.Active, false), cancellationToken: ct);
            return AdminWriteOutcome.Done;
        }, ct);
    }

    private static FilterDefinition<UserDocument> ById(string orgId, string userId) =>
        Filter.Eq(d => d.Id, userId) & Filter.Eq(d => d.OrgId, orgId);
}
