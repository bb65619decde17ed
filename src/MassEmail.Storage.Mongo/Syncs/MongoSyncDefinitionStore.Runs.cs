using MassEmail.Core.Syncs;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Syncs;

/// <summary>Sync runs: the lease on a definition's run and its "sync now" requests.</summary>
internal sealed partial class MongoSyncDefinitionStore
{
    public async Task<SyncRunClaim?> ClaimRunAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        // One findAndModify: of two instances claiming at once, one matches the free lease and the other finds it held.
        // Each branch is served by its index: runs due by their schedule, runs asked for. In no particular order (a sort
        // would need one index over both branches): every due run is claimed within a few idle delays anyway.
        var free = Filter.Lte(d => d.RunLeaseUntil, now);
        var due = Filter.Or((Filter.Lte(d => d.RunDueAt, now) & free), (Filter.Lte(d => d.RunRequestedAt, now) & free));
        SyncDefinitionDocument? doc = await definitions.FindOneAndUpdateAsync(
            due,
            Update.Set(d => d.RunHolder, holder).Set(d => d.RunLeaseUntil, leaseUntil),
            new FindOneAndUpdateOptions<SyncDefinitionDocument> { ReturnDocument = ReturnDocument.After },
            ct);
        return doc is null ? null : new SyncRunClaim(doc.ToDomain(), doc.RunRequestedAt, doc.RunRequestedFull);
    }

    public async Task<bool> SaveRunAsync(string orgId, string id, string holder, SyncStatus status, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        UpdateResult result = await definitions.UpdateOneAsync(
            ById(orgId, id) & Filter.Eq(d => d.RunHolder, holder),
            Update.Set(d => d.Status, SyncDefinitionJson.Serialize(status)).Set(d => d.RunLeaseUntil, leaseUntil),
            cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<bool> ReleaseRunAsync(
        string orgId, string id, string holder, SyncStatus status, DateTimeOffset? nextRunAt, DateTimeOffset? servedRequestsUpTo, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        UpdateResult result = await definitions.UpdateOneAsync(
            ById(orgId, id) & Filter.Eq(d => d.RunHolder, holder),
            Update.Set(d => d.Status, SyncDefinitionJson.Serialize(status)).Set(d => d.RunDueAt, nextRunAt)
                .Set(d => d.RunHolder, null).Set(d => d.RunLeaseUntil, DateTimeOffset.UnixEpoch),
            cancellationToken: ct);
        if (result.MatchedCount == 0)
        {
            return false;
        }

        // The served request goes in a second update, conditional on its time: a request made since (after the served
        // time) stays whatever happens between the two, and a crash between them only runs the definition once more.
        if (servedRequestsUpTo is { } served)
        {
            await definitions.UpdateOneAsync(
                ById(orgId, id) & Filter.Lte(d => d.RunRequestedAt, served),
                Update.Unset(d => d.RunRequestedAt).Set(d => d.RunRequestedFull, false),
                cancellationToken: ct);
        }

        return true;
    }

    public async Task<bool> RequestRunAsync(string orgId, string id, bool full, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        // $max keeps the latest request: a release forgets only requests up to the time its run started, so one made
        // while a run goes on is served by the next. A full one stays full until served.
        var update = Update.Max(d => d.RunRequestedAt, at);
        UpdateResult result = await definitions.UpdateOneAsync(ById(orgId, id), full ? update.Set(d => d.RunRequestedFull, true) : update, cancellationToken: ct);
        return result.MatchedCount > 0;
    }
}
