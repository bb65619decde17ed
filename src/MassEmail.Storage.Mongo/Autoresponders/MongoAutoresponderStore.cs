using MassEmail.Core.Autoresponders;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Autoresponders;

/// <summary>
/// The <c>autoresponders</c> and <c>autoresponder_enrollments</c> collections: writes conditional on version; an
/// enrolment's _id is its (autoresponder, record), so enrolling twice inserts once; claims and finishes are conditional
/// per document, so two instances never hold one enrolment.
/// </summary>
internal sealed class MongoAutoresponderStore(MongoCollections collections) : IAutoresponderStore
{
    private const int Chunk = 1000;
    private static readonly FilterDefinitionBuilder<AutoresponderDocument> Filter = Builders<AutoresponderDocument>.Filter;
    private static readonly FilterDefinitionBuilder<EnrollmentDocument> EFilter = Builders<EnrollmentDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<EnrollmentDocument> EUpdate = Builders<EnrollmentDocument>.Update;
    private readonly IMongoCollection<AutoresponderDocument> autoresponders = collections.Autoresponders;
    private readonly IMongoCollection<EnrollmentDocument> enrollments = collections.AutoresponderEnrollments;

    public Task InsertAsync(Autoresponder autoresponder, CancellationToken ct) =>
        autoresponders.InsertOneAsync(AutoresponderDocument.FromDomain(autoresponder), cancellationToken: ct);

    public async Task<Autoresponder?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        var doc = await autoresponders.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<Autoresponder>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId) || (afterId is not null && !MongoIds.IsValid(afterId)))
        {
            return [];
        }

        var filter = Filter.Eq(d => d.OrgId, orgId);
        if (afterId is not null)
        {
            filter &= Filter.Gt(d => d.Id, afterId);
        }

        var docs = await autoresponders.Find(filter).SortBy(d => d.Id).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<IReadOnlyList<Autoresponder>> ListActiveAsync(string? afterId, int limit, CancellationToken ct)
    {
        var filter = Filter.Eq(d => d.Active, true);
        if (afterId is not null)
        {
            filter &= Filter.Gt(d => d.Id, afterId);
        }

        var docs = await autoresponders.Find(filter).SortBy(d => d.Id).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Autoresponder autoresponder, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(autoresponder.OrgId, autoresponder.Id))
        {
            return WriteOutcome.NotFound;
        }

        var result = await autoresponders.ReplaceOneAsync(
            ById(autoresponder.OrgId, autoresponder.Id) & Filter.Eq(d => d.Version, expectedVersion), AutoresponderDocument.FromDomain(autoresponder),
            cancellationToken: ct);
        if (result.MatchedCount > 0)
        {
            return WriteOutcome.Done;
        }

        var exists = await autoresponders.Find(ById(autoresponder.OrgId, autoresponder.Id)).Project(d => d.Id).Limit(1).AnyAsync(ct);
        return exists ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<bool> SetCursorAsync(string orgId, string id, long version, DateTimeOffset cursor, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        var result = await autoresponders.UpdateOneAsync(
            ById(orgId, id) & Filter.Eq(d => d.Version, version), Builders<AutoresponderDocument>.Update.Set(d => d.EnrollCursor, cursor), cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        // The autoresponder first: enrolments left by a crash in between belong to no autoresponder and are never read.
        var result = await autoresponders.DeleteOneAsync(ById(orgId, id), ct);
        await enrollments.DeleteManyAsync(Of(orgId, id), ct);
        return result.DeletedCount > 0;
    }

    public async Task<int> EnrollAsync(IReadOnlyList<Enrollment> list, CancellationToken ct)
    {
        var inserted = 0;
        foreach (var chunk in list.Where(e => MongoIds.AreValid(e.OrgId, e.AutoresponderId) && MongoIds.IsValid(e.RecordId)).Chunk(Chunk))
        {
            try
            {
                await enrollments.InsertManyAsync(chunk.Select(EnrollmentDocument.FromDomain), new InsertManyOptions { IsOrdered = false }, ct);
                inserted += chunk.Length;
            }
            catch (MongoBulkWriteException<EnrollmentDocument> e) when (e.WriteConcernError is null
                && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
            {
                inserted += chunk.Length - e.WriteErrors.Count;
            }
        }

        return inserted;
    }

    public async Task<IReadOnlyList<Enrollment>> ListEnrollmentsAsync(string orgId, string autoresponderId, string? afterRecordId, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, autoresponderId) || (afterRecordId is not null && !MongoIds.IsValid(afterRecordId)))
        {
            return [];
        }

        var filter = Of(orgId, autoresponderId);
        if (afterRecordId is not null)
        {
            filter &= EFilter.Gt(d => d.RecordId, afterRecordId);
        }

        return await FindAsync(filter, Builders<EnrollmentDocument>.Sort.Ascending(d => d.RecordId), limit, ct);
    }

    public async Task<IReadOnlyList<Enrollment>> DueAsync(string orgId, string autoresponderId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, autoresponderId))
        {
            return [];
        }

        var filter = Of(orgId, autoresponderId) & EFilter.Eq(d => d.State, EnrollmentState.Active) & EFilter.Eq(d => d.RunId, "") & EFilter.Lte(d => d.DueAt, now);
        return await FindAsync(filter, Builders<EnrollmentDocument>.Sort.Ascending(d => d.DueAt).Ascending(d => d.RecordId), limit, ct);
    }

    public async Task<int> ClaimAsync(
        string orgId, string autoresponderId, int step, IReadOnlyList<string> recordIds, string runId, DateTimeOffset now, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, autoresponderId))
        {
            return 0;
        }

        var filter = Of(orgId, autoresponderId) & EFilter.In(d => d.Id, recordIds.Select(r => EnrollmentDocument.KeyOf(autoresponderId, r)))
            & EFilter.Eq(d => d.State, EnrollmentState.Active) & EFilter.Eq(d => d.RunId, "") & EFilter.Eq(d => d.Step, step);
        var result = await enrollments.UpdateManyAsync(
            filter, EUpdate.Set(d => d.RunId, runId).Set(d => d.ClaimedAt, now).Set(d => d.UpdatedAt, now), cancellationToken: ct);
        return (int)result.ModifiedCount;
    }

    public async Task<IReadOnlyList<Enrollment>> ClaimedAsync(
        string orgId, string autoresponderId, string? runId, DateTimeOffset claimedBefore, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, autoresponderId))
        {
            return [];
        }

        var filter = Of(orgId, autoresponderId) & (runId is null ? EFilter.Ne(d => d.RunId, "") : EFilter.Eq(d => d.RunId, runId));
        if (claimedBefore < DateTimeOffset.MaxValue)
        {
            filter &= EFilter.Lt(d => d.ClaimedAt, claimedBefore);
        }

        return await FindAsync(filter, Builders<EnrollmentDocument>.Sort.Ascending(d => d.RunId).Ascending(d => d.RecordId), limit, ct);
    }

    public async Task<int> FinishAsync(
        string orgId, string autoresponderId, string runId, IReadOnlyList<string> recordIds, EnrollmentChange change, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, autoresponderId) || runId.Length == 0 || recordIds.Count == 0)
        {
            return 0;
        }

        var update = EUpdate.Set(d => d.Step, change.Step).Set(d => d.State, change.State).Set(d => d.DueAt, change.DueAt).Set(d => d.Reason, change.Reason)
            .Set(d => d.RunId, "").Set(d => d.ClaimedAt, null).Set(d => d.UpdatedAt, change.At);
        if (change.LastSendId.Length > 0)
        {
            update = update.Set(d => d.LastSendId, change.LastSendId);
        }

        var finished = 0L;
        foreach (var chunk in recordIds.Chunk(Chunk))
        {
            var filter = Of(orgId, autoresponderId) & EFilter.In(d => d.Id, chunk.Select(r => EnrollmentDocument.KeyOf(autoresponderId, r)))
                & EFilter.Eq(d => d.RunId, runId);
            finished += (await enrollments.UpdateManyAsync(filter, update, cancellationToken: ct)).ModifiedCount;
        }

        return (int)finished;
    }

    private async Task<IReadOnlyList<Enrollment>> FindAsync(
        FilterDefinition<EnrollmentDocument> filter, SortDefinition<EnrollmentDocument> sort, int limit, CancellationToken ct)
    {
        var docs = await enrollments.Find(filter).Sort(sort).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    private static FilterDefinition<AutoresponderDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);

    private static FilterDefinition<EnrollmentDocument> Of(string orgId, string autoresponderId) =>
        EFilter.Eq(d => d.OrgId, orgId) & EFilter.Eq(d => d.AutoresponderId, autoresponderId);
}
