using MassEmail.Core.Syncs;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Syncs;

/// <summary>
/// The <c>opt_out_polls</c> collection (deciding concerns: a lease rolled back by an election would let two instances
/// poll). Each write is one insert or one conditional single-document update: the first claim inserts the document
/// (_id decides), later ones match only when due, the cursor is stored and the lease released only by its holder.
/// </summary>
internal sealed class MongoOptOutPollStore(MongoCollections collections) : IOptOutPollStore
{
    private static readonly FilterDefinitionBuilder<OptOutPollDocument> Filter = Builders<OptOutPollDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<OptOutPollDocument> Update = Builders<OptOutPollDocument>.Update;
    private readonly IMongoCollection<OptOutPollDocument> polls = collections.OptOutPolls;

    public async Task<OptOutPollClaim?> TryClaimAsync(
        string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return null;
        }

        var id = OptOutPollDocument.IdOf(orgId, connectionId, remoteListId);
        try
        {
            await polls.InsertOneAsync(
                new OptOutPollDocument { Id = id, OrgId = orgId, ConnectionId = connectionId, RemoteListId = remoteListId, Holder = holder, NextAt = leaseUntil },
                cancellationToken: ct);
            return new OptOutPollClaim(null);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // The document exists: claimed only when due.
        }

        var due = Filter.Eq(d => d.Id, id) & (Filter.Eq(d => d.NextAt, null) | Filter.Lte(d => d.NextAt, now));
        var claimed = await polls.FindOneAndUpdateAsync(
            due,
            Update.Set(d => d.Holder, holder).Set(d => d.NextAt, leaseUntil),
            new FindOneAndUpdateOptions<OptOutPollDocument> { ReturnDocument = ReturnDocument.After },
            ct);
        return claimed is null ? null : new OptOutPollClaim(claimed.Cursor);
    }

    public async Task<bool> SaveCursorAsync(
        string orgId, string connectionId, string remoteListId, string holder, string cursor, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var result = await polls.UpdateOneAsync(
            Held(orgId, connectionId, remoteListId, holder), Update.Set(d => d.Cursor, cursor).Set(d => d.NextAt, leaseUntil), cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public Task ReleaseAsync(string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset nextAt, CancellationToken ct) =>
        polls.UpdateOneAsync(Held(orgId, connectionId, remoteListId, holder), Update.Set(d => d.Holder, null).Set(d => d.NextAt, nextAt), cancellationToken: ct);

    private static FilterDefinition<OptOutPollDocument> Held(string orgId, string connectionId, string remoteListId, string holder) =>
        Filter.Eq(d => d.Id, OptOutPollDocument.IdOf(orgId, connectionId, remoteListId)) & Filter.Eq(d => d.Holder, holder);
}
