using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients;

/// <summary>
/// The <c>mailing_lists</c> collection: unique name per organisation. Deleting a list also deletes its
/// subscriptions, never the records.
/// </summary>
internal sealed class MongoMailingListStore(MongoCollections collections) : IMailingListStore
{
    private static readonly FilterDefinitionBuilder<MailingListDocument> Filter = Builders<MailingListDocument>.Filter;
    private readonly IMongoCollection<MailingListDocument> lists = collections.MailingLists;
    private readonly IMongoCollection<ListSubscriptionDocument> subscriptions = collections.ListSubscriptions;

    public async Task InsertAsync(MailingList list, CancellationToken ct)
    {
        try
        {
            await lists.InsertOneAsync(MailingListDocument.FromDomain(list), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Ids are fresh ObjectId-shaped values, so the clash is the (org_id, name_key) index.
            throw new AlreadyExistsException("mailing list", "name", list.Name);
        }
    }

    public async Task<MailingList?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        MailingListDocument? doc = await lists.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<MailingList>> ListAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        List<MailingListDocument> docs = await lists.Find(Filter.Eq(d => d.OrgId, orgId)).ToListAsync(ct);

        // An organisation has few lists; sorting here gives ordinal order on every server (CongoDB sorts by locale).
        return [.. docs.Select(d => d.ToDomain()).OrderBy(l => l.NameKey, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> RenameAsync(string orgId, string id, string name, DateTimeOffset at, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        try
        {
            UpdateResult result = await lists.UpdateOneAsync(
                ById(orgId, id),
                Builders<MailingListDocument>.Update.Set(d => d.Name, name).Set(d => d.NameKey, NameKeys.For(name)).Set(d => d.UpdatedAt, at),
                cancellationToken: ct);
            return result.MatchedCount > 0;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("mailing list", "name", name);
        }
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        // Resumable across its two steps (the list, then its subscriptions, however many): see MongoPurges.
        return await new MongoPurges(collections).DeleteListAsync(orgId, id, ct);
    }

    private static FilterDefinition<MailingListDocument> ById(string orgId, string id) =>
        Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
