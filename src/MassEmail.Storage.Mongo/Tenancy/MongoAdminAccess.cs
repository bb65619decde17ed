using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Tenancy;

/// <summary>
/// The writes that may take away an organisation's last <em>admin access</em> (an active user holding an
/// unrevoked key with the org-admin permission). The check reads keys and users, the write changes one of
/// them: without multi-document transactions (which the test server lacks) the two are made one step by a
/// lease on the organisation's document, taken by one atomic update. Of two calls taking away the last two
/// ways in, the second waits for the first and then sees its write. A process that stops while holding
/// the lease leaves nothing half done (the write is one document) and the lease expires after
/// <see cref="Lease"/>; the guarantee assumes a holder finishes within it (the calls take milliseconds).
/// </summary>
internal sealed class MongoAdminAccess(MongoCollections collections)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly FilterDefinitionBuilder<OrganisationDocument> Org = Builders<OrganisationDocument>.Filter;

    private readonly IMongoCollection<OrganisationDocument> organisations = collections.Organisations;
    private readonly IMongoCollection<ApiKeyDocument> keys = collections.ApiKeys;
    private readonly IMongoCollection<UserDocument> users = collections.Users;

    /// <summary>
    /// Runs <paramref name="change"/> while holding the organisation's lease; <see cref="AdminWriteOutcome.NotFound"/>
    /// when there is no such organisation.
    /// </summary>
    public async Task<AdminWriteOutcome> UnderLeaseAsync(string orgId, Func<Task<AdminWriteOutcome>> change, CancellationToken ct)
    {
        var owner = ObjectId.GenerateNewId().ToString();
        if (!await AcquireAsync(orgId, owner, ct))
        {
            return AdminWriteOutcome.NotFound;
        }

        try
        {
            return await change();
        }
        finally
        {
            // Not the call's token: a cancelled call must still give the lease back.
            await organisations.UpdateOneAsync(
                Org.Eq(d => d.Id, orgId) & Org.Eq(d => d.AdminLockOwner, owner),
                Builders<OrganisationDocument>.Update.Set(d => d.AdminLockOwner, null).Set(d => d.AdminLockUntil, null),
                cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>The organisation's admin access as (key id, user id) pairs. Few per organisation: read whole.</summary>
    public async Task<IReadOnlyList<(string KeyId, string UserId)>> ListAsync(string orgId, CancellationToken ct)
    {
        var unrevoked = await keys.Find(Builders<ApiKeyDocument>.Filter.Eq(d => d.OrgId, orgId) & Builders<ApiKeyDocument>.Filter.Eq(d => d.RevokedAt, null))
            .ToListAsync(ct);
        var admin = unrevoked.Where(k => k.Permissions.HasFlag(Permission.OrgAdmin)).ToList();
        if (admin.Count == 0)
        {
            return [];
        }

        // Whole documents: a projection on _id alone is not read back by every server (CongoDB).
        var active = (await users.Find(
                Builders<UserDocument>.Filter.Eq(d => d.OrgId, orgId)
                & Builders<UserDocument>.Filter.In(d => d.Id, admin.Select(k => k.UserId).Distinct())
                & Builders<UserDocument>.Filter.Eq(d => d.Active, true))
            .ToListAsync(ct)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return [.. admin.Where(k => active.Contains(k.UserId)).Select(k => (k.Id, k.UserId))];
    }

    /// <summary>Takes the lease, waiting while another call holds it; false when the organisation does not exist.</summary>
    private async Task<bool> AcquireAsync(string orgId, string owner, CancellationToken ct)
    {
        // The lease follows the real clock, not the service's TimeProvider: it guards real concurrency.
        var giveUp = DateTimeOffset.UtcNow + (2 * Lease);
        for (var wait = TimeSpan.FromMilliseconds(5); ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks)))
        {
            var now = DateTimeOffset.UtcNow;
            var taken = await organisations.UpdateOneAsync(
                Org.Eq(d => d.Id, orgId) & (Org.Eq(d => d.AdminLockUntil, null) | Org.Lt(d => d.AdminLockUntil, now)),
                Builders<OrganisationDocument>.Update.Set(d => d.AdminLockOwner, owner).Set(d => d.AdminLockUntil, now + Lease),
                cancellationToken: ct);
            if (taken.MatchedCount > 0)
            {
                return true;
            }

            if (!await organisations.Find(Org.Eq(d => d.Id, orgId)).Project(d => d.Id).Limit(1).AnyAsync(ct))
            {
                return false;
            }

            if (now > giveUp)
            {
                // A held lease expires after Lease: this needs others to take it again and again for longer.
                throw new InvalidOperationException($"The administrators' lease of organisation {orgId} stayed taken for {2 * Lease}.");
            }

            await Task.Delay(wait, ct);
        }
    }
}
