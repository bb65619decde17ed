using MassEmail.Core.Errors;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Scheduling;

/// <summary>
/// The <c>schedules</c> and <c>schedule_occurrences</c> collections. An occurrence is claimed by inserting it under
/// its derived <c>_id</c>. Every schedule write then increments <c>schedule_markers</c>; a writer killed in between
/// leaves the marker behind, which the instances' periodic full re-read of the next fire time covers.
/// </summary>
internal sealed class MongoScheduleStore(MongoCollections collections) : IScheduleStore
{
    private static readonly FilterDefinitionBuilder<ScheduleDocument> Filter = Builders<ScheduleDocument>.Filter;
    private static readonly FilterDefinitionBuilder<OccurrenceDocument> OccurrenceFilter = Builders<OccurrenceDocument>.Filter;
    private readonly IMongoCollection<ScheduleDocument> schedules = collections.Schedules;
    private readonly IMongoCollection<OccurrenceDocument> occurrences = collections.ScheduleOccurrences;

    public async Task InsertAsync(Schedule schedule, CancellationToken ct)
    {
        try
        {
            await schedules.InsertOneAsync(ScheduleDocument.FromDomain(schedule), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("schedule", "id", schedule.Id);
        }

        await BumpAsync(ct);
    }

    public async Task<Schedule?> GetAsync(string orgId, string id, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return null;
        }

        var doc = await schedules.Find(ById(orgId, id)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<IReadOnlyList<Schedule>> ListAsync(string orgId, string? afterId, int limit, CancellationToken ct)
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

        var docs = await schedules.Find(filter).Sort(Builders<ScheduleDocument>.Sort.Ascending(d => d.Id)).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<WriteOutcome> ReplaceAsync(Schedule schedule, long expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(schedule.OrgId, schedule.Id))
        {
            return WriteOutcome.NotFound;
        }

        var result = await schedules.ReplaceOneAsync(
            ById(schedule.OrgId, schedule.Id) & Filter.Eq(d => d.Version, expectedVersion), ScheduleDocument.FromDomain(schedule), cancellationToken: ct);
        if (result.MatchedCount > 0)
        {
            await BumpAsync(ct);
            return WriteOutcome.Done;
        }

        return await ExistsAsync(schedule.OrgId, schedule.Id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return WriteOutcome.NotFound;
        }

        var filter = ById(orgId, id);
        if (expectedVersion is { } version)
        {
            filter &= Filter.Eq(d => d.Version, version);
        }

        if ((await schedules.DeleteOneAsync(filter, ct)).DeletedCount > 0)
        {
            await BumpAsync(ct);
            return WriteOutcome.Done;
        }

        return await ExistsAsync(orgId, id, ct) ? WriteOutcome.VersionMismatch : WriteOutcome.NotFound;
    }

    public async Task<IReadOnlyList<Schedule>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var filter = Filter.Eq(d => d.Active, true) & Filter.Lte(d => d.NextFireAt, now);
        var docs = await schedules.Find(filter).Sort(Builders<ScheduleDocument>.Sort.Ascending(d => d.NextFireAt)).Limit(limit).ToListAsync(ct);
        return [.. docs.Where(d => d.NextFireAt is not null).Select(d => d.ToDomain())];
    }

    public async Task<DateTimeOffset?> NextFireAsync(CancellationToken ct)
    {
        var filter = Filter.Eq(d => d.Active, true) & Filter.Gt(d => d.NextFireAt, DateTimeOffset.UnixEpoch);
        var doc = await schedules.Find(filter).Sort(Builders<ScheduleDocument>.Sort.Ascending(d => d.NextFireAt)).Limit(1).FirstOrDefaultAsync(ct);
        return doc?.NextFireAt;
    }

    public async Task<bool> AdvanceAsync(string orgId, string id, DateTimeOffset expected, DateTimeOffset? next, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return false;
        }

        var result = await schedules.UpdateOneAsync(
            ById(orgId, id) & Filter.Eq(d => d.NextFireAt, expected), Builders<ScheduleDocument>.Update.Set(d => d.NextFireAt, next), cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public async Task<long> ChangeMarkerAsync(CancellationToken ct)
    {
        var doc = await collections.ScheduleMarkers.Find(d => d.Id == ScheduleMarkerDocument.TheId).FirstOrDefaultAsync(ct);
        return doc?.Value ?? 0;
    }

    public async Task<ClaimResult> ClaimAsync(Occurrence occurrence, CancellationToken ct)
    {
        var doc = OccurrenceDocument.FromDomain(occurrence);
        try
        {
            await occurrences.InsertOneAsync(doc, cancellationToken: ct);
            return ClaimResult.Won;
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            // Stored already: take it over only when it is a claim whose holder's lease ended.
        }

        var expired = OccurrenceFilter.Eq(d => d.Id, doc.Id) & OccurrenceFilter.Eq(d => d.State, OccurrenceState.Claimed)
            & OccurrenceFilter.Lt(d => d.LeaseUntil, occurrence.RecordedAt);
        if ((await occurrences.ReplaceOneAsync(expired, doc, cancellationToken: ct)).MatchedCount > 0)
        {
            return ClaimResult.Won;
        }

        var stored = await occurrences.Find(OccurrenceFilter.Eq(d => d.Id, doc.Id)).FirstOrDefaultAsync(ct);
        return stored?.State == OccurrenceState.Claimed ? ClaimResult.Busy : ClaimResult.Done;
    }

    public async Task<bool> CompleteAsync(Occurrence outcome, CancellationToken ct)
    {
        var filter = OccurrenceFilter.Eq(d => d.Id, OccurrenceDocument.IdOf(outcome.OrgId, outcome.ScheduleId, outcome.LocalTime))
            & OccurrenceFilter.Eq(d => d.State, OccurrenceState.Claimed) & OccurrenceFilter.Eq(d => d.Holder, outcome.Holder);
        var update = Builders<OccurrenceDocument>.Update.Set(d => d.State, outcome.State).Set(d => d.SendId, outcome.SendId)
            .Set(d => d.Reason, outcome.Reason).Set(d => d.RecordedAt, outcome.RecordedAt);
        return (await occurrences.UpdateOneAsync(filter, update, cancellationToken: ct)).MatchedCount > 0;
    }

    public async Task<IReadOnlyList<Occurrence>> ListOccurrencesAsync(string orgId, string scheduleId, DateTimeOffset? beforeFireAt, int limit, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, scheduleId))
        {
            return [];
        }

        var filter = OccurrenceFilter.Eq(d => d.OrgId, orgId) & OccurrenceFilter.Eq(d => d.ScheduleId, scheduleId);
        if (beforeFireAt is { } before)
        {
            filter &= OccurrenceFilter.Lt(d => d.FireAt, before);
        }

        var docs = await occurrences.Find(filter).Sort(Builders<OccurrenceDocument>.Sort.Descending(d => d.FireAt)).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    private Task BumpAsync(CancellationToken ct) => collections.ScheduleMarkers.UpdateOneAsync(
        d => d.Id == ScheduleMarkerDocument.TheId, Builders<ScheduleMarkerDocument>.Update.Inc(d => d.Value, 1), new UpdateOptions { IsUpsert = true }, ct);

    private async Task<bool> ExistsAsync(string orgId, string id, CancellationToken ct) =>
        await schedules.Find(ById(orgId, id)).Project(d => d.Id).Limit(1).AnyAsync(ct);

    private static FilterDefinition<ScheduleDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
