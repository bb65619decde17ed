using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// Deletes that span documents, made resumable (MongoDB has no multi-document transaction outside a replica set):
/// a <see cref="PurgeDocument"/> marks the delete before its first step and goes after its last, and every step is
/// idempotent. A kill -9 at any line leaves either nothing done, or a marker that <see cref="ResumeAllAsync"/> (at
/// start-up) finishes. Deleting a record removes it and its subscriptions; deleting a list removes it and its
/// subscriptions (however many), never the records.
/// </summary>
internal sealed class MongoPurges(MongoCollections collections)
{
    /// <summary>Sent with the start-up listing of unfinished purges: the collection holds only deletes in progress.</summary>
    public const string UnfinishedComment = "purges in progress";

    private readonly IMongoCollection<PurgeDocument> purges = collections.Purges;
    private readonly IMongoCollection<RecordDocument> records = collections.Records;
    private readonly IMongoCollection<MailingListDocument> lists = collections.MailingLists;
    private readonly IMongoCollection<ListSubscriptionDocument> subscriptions = collections.ListSubscriptions;
    private readonly IMongoCollection<RecordDeletionDocument> deletions = collections.RecordDeletions;

    /// <summary>Deletes a record and its subscriptions; true when the record existed.</summary>
    public Task<bool> DeleteRecordAsync(string orgId, string recordId, DateTimeOffset at, CancellationToken ct) =>
        RunAsync(PurgeDocument.For(PurgeDocument.RecordKind, orgId, recordId, at), ct);

    /// <summary>Deletes a list and its subscriptions; true when the list existed.</summary>
    public Task<bool> DeleteListAsync(string orgId, string listId, CancellationToken ct) =>
        RunAsync(PurgeDocument.For(PurgeDocument.ListKind, orgId, listId), ct);

    /// <summary>Finishes every purge a stopped process left; each is idempotent, so several instances may run this at once.</summary>
    public async Task<int> ResumeAllAsync(CancellationToken ct)
    {
        List<PurgeDocument> unfinished = await purges
            .Find(FilterDefinition<PurgeDocument>.Empty, new FindOptions { Comment = UnfinishedComment })
            .ToListAsync(ct);
        foreach (PurgeDocument purge in unfinished)
        {
            await StepsAsync(purge, ct);
            await purges.DeleteOneAsync(Builders<PurgeDocument>.Filter.Eq(d => d.Id, purge.Id), ct);
        }

        return unfinished.Count;
    }

    private async Task<bool> RunAsync(PurgeDocument purge, CancellationToken ct)
    {
        // The marker first (replacing one a stopped delete of the same target left), the marker last.
        await purges.ReplaceOneAsync(Builders<PurgeDocument>.Filter.Eq(d => d.Id, purge.Id), purge, new ReplaceOptions { IsUpsert = true }, ct);
        var existed = await StepsAsync(purge, ct);
        await purges.DeleteOneAsync(Builders<PurgeDocument>.Filter.Eq(d => d.Id, purge.Id), ct);
        return existed;
    }

    // The owner goes first: should a later step fail, what is left are subscriptions nobody can address (the marker
    // names them), never a live record or list that silently lost its subscriptions.
    private async Task<bool> StepsAsync(PurgeDocument purge, CancellationToken ct)
    {
        FilterDefinition<ListSubscriptionDocument> owned;
        DeleteResult deleted;
        if (purge.Kind == PurgeDocument.RecordKind)
        {
            await WriteTombstoneAsync(purge, ct);
            deleted = await records.DeleteOneAsync(RecordFilters.ById(purge.OrgId, purge.TargetId), ct);
            owned = Builders<ListSubscriptionDocument>.Filter.Eq(d => d.OrgId, purge.OrgId)
                & Builders<ListSubscriptionDocument>.Filter.Eq(d => d.RecordId, purge.TargetId);
        }
        else
        {
            deleted = await lists.DeleteOneAsync(
                Builders<MailingListDocument>.Filter.Eq(d => d.Id, purge.TargetId) & Builders<MailingListDocument>.Filter.Eq(d => d.OrgId, purge.OrgId), ct);
            owned = Builders<ListSubscriptionDocument>.Filter.Eq(d => d.OrgId, purge.OrgId)
                & Builders<ListSubscriptionDocument>.Filter.Eq(d => d.ListId, purge.TargetId);
        }

        await subscriptions.DeleteManyAsync(owned, ct);
        return deleted.DeletedCount > 0;
    }

    /// <summary>
    /// The record's tombstone, before the record goes (a step resumed after the record went finds nothing to write, and
    /// the tombstone is already there): the record's address and opt-out, and the lists it is subscribed to.
    /// </summary>
    private async Task WriteTombstoneAsync(PurgeDocument purge, CancellationToken ct)
    {
        RecordDocument? record = await records.Find(RecordFilters.ById(purge.OrgId, purge.TargetId)).FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return;
        }

        List<string> listIds = await subscriptions
            .Find(Builders<ListSubscriptionDocument>.Filter.Eq(d => d.OrgId, purge.OrgId)
                & Builders<ListSubscriptionDocument>.Filter.Eq(d => d.RecordId, purge.TargetId)
                & Builders<ListSubscriptionDocument>.Filter.Eq(d => d.State, SubscriptionState.Subscribed))
            .Project(d => d.ListId).ToListAsync(ct);
        var tombstone = RecordDeletionDocument.FromDomain(RecordDeletion.Of(record.ToDomain(), listIds, purge.At ?? purge.CreatedAt));
        await deletions.ReplaceOneAsync(Builders<RecordDeletionDocument>.Filter.Eq(d => d.Id, tombstone.Id), tombstone, new ReplaceOptions { IsUpsert = true }, ct);
    }
}
