using MassEmail.Core.Sending.Individual;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Sending;

/// <summary>
/// The <c>individual_emails</c> collection. The first insert of a key wins (its <c>_id</c> is derived from the key);
/// every later change is one conditional single-document write naming the holder and the state it expects, so racing
/// calls cannot both win and each write is retryable.
/// </summary>
internal sealed class MongoIndividualEmailStore(MongoCollections collections) : IIndividualEmailStore
{
    private static readonly FilterDefinitionBuilder<IndividualEmailDocument> Filter = Builders<IndividualEmailDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<IndividualEmailDocument> Update = Builders<IndividualEmailDocument>.Update;

    private readonly IMongoCollection<IndividualEmailDocument> emails = collections.IndividualEmails;

    public async Task<(IndividualEmail Stored, bool Added)> AddAsync(IndividualEmail email, CancellationToken ct)
    {
        var doc = IndividualEmailDocument.From(email);
        while (true)
        {
            try
            {
                await emails.InsertOneAsync(doc, cancellationToken: ct);
                return (doc.ToDomain(), true);
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                // The key is taken; unless its PENDING holder gave it up meanwhile (then the insert is tried again).
                if (await GetAsync(email.OrgId, email.IdempotencyKey, ct) is { } stored)
                {
                    return (stored, false);
                }
            }
        }
    }

    public async Task<IndividualEmail?> GetAsync(string orgId, string idempotencyKey, CancellationToken ct)
    {
        IndividualEmailDocument? doc = await emails.Find(Key(orgId, idempotencyKey)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<bool> TakeOverAsync(string orgId, string idempotencyKey, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        UpdateResult result = await emails.UpdateOneAsync(
            Key(orgId, idempotencyKey) & Filter.Eq(d => d.State, IndividualEmailState.Pending) & Filter.Lt(d => d.LeaseUntil, now),
            Update.Set(d => d.Holder, holder).Set(d => d.LeaseUntil, leaseUntil).Set(d => d.UpdatedAt, now),
            cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    public async Task<bool> MoveAsync(
        string orgId, string idempotencyKey, string holder, IndividualEmailState from, IndividualEmailState to, string messageId, string error, DateTimeOffset now, CancellationToken ct)
    {
        UpdateResult result = await emails.UpdateOneAsync(
            Key(orgId, idempotencyKey) & Filter.Eq(d => d.Holder, holder) & Filter.Eq(d => d.State, from),
            Update.Set(d => d.State, to).Set(d => d.MessageId, messageId).Set(d => d.Error, error).Set(d => d.UpdatedAt, now),
            cancellationToken: ct);
        return result.MatchedCount == 1;
    }

    public async Task<bool> RemovePendingAsync(string orgId, string idempotencyKey, string holder, CancellationToken ct)
    {
        DeleteResult deleted = await emails.DeleteOneAsync(
            Key(orgId, idempotencyKey) & Filter.Eq(d => d.Holder, holder) & Filter.Eq(d => d.State, IndividualEmailState.Pending), ct);
        return deleted.DeletedCount == 1;
    }

    // The derived _id names the organisation and key; org_id is matched too, so a forged key can never reach another
    // organisation's document.
    private static FilterDefinition<IndividualEmailDocument> Key(string orgId, string idempotencyKey) =>
        Filter.Eq(d => d.Id, IndividualEmailDocument.IdOf(orgId, idempotencyKey)) & Filter.Eq(d => d.OrgId, orgId);
}
