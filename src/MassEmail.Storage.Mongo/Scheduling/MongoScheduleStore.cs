using MassEmail.Core.Errors;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Templates;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Scheduling;

/// <summary>
/// The <c>schedules</c> and <c>schedule_occurrences</c> collections. An occurrence is claimed by inserting it under
/// its derived <c>_id</c>. Every schedule write then increments <c>schedule_markers</c>; a writer killed in between
/// leaves the marker behind, which the instances' periodic full re-read of the next fire time covers. Inserts and
/// replaces are first decided on the organisation's <c>schedule_slot_versions</c> document (version moved and the write
/// recorded in one update), then applied; a decided write whose writer died is applied by the next caller.
/// </summary>
internal sealed class MongoScheduleStore(MongoCollections collections) : IScheduleStore
{
    private static readonly FilterDefinitionBuilder<ScheduleDocument> Filter = Builders<ScheduleDocument>.Filter;
    private static readonly FilterDefinitionBuilder<OccurrenceDocument> OccurrenceFilter = Builders<OccurrenceDocument>.Filter;
    private readonly IMongoCollection<ScheduleDocument> schedules = collections.Schedules;
    private static readonly FilterDefinitionBuilder<RunSlotDocument> SlotFilter = Builders<RunSlotDocument>.Filter;
    private readonly IMongoCollection<OccurrenceDocument> occurrences = collections.ScheduleOccurrences;
    private readonly IMongoCollection<ScheduleSlotVersionDocument> slotVersions = collections.ScheduleSlotVersions;
    private readonly IMongoCollection<RunSlotDocument> runSlots = collections.ScheduleRunSlots;

    public async Task<long> SlotVersionAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return 0;
        }

        var doc = await slotVersions.Find(v => v.Id == ScheduleSlotVersionDocument.IdOf(orgId)).FirstOrDefaultAsync(ct);
        if (doc is null)
        {
            return 0;
        }

        await ApplyPendingAsync(doc, ct);
        return doc.Version;
    }

    public async Task<bool> InsertAsync(Schedule schedule, long slotVersion, CancellationToken ct)
    {
        var doc = await DecideAsync(ScheduleDocument.FromDomain(schedule), null, slotVersion, ct);
        if (doc is null)
        {
            return false;
        }

        await ApplyPendingAsync(doc, ct);
        return true;
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

    public async Task<WriteOutcome?> ReplaceAsync(Schedule schedule, long expectedVersion, long slotVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(schedule.OrgId, schedule.Id))
        {
            return WriteOutcome.NotFound;
        }

        var doc = await DecideAsync(ScheduleDocument.FromDomain(schedule), expectedVersion, slotVersion, ct);
        if (doc is null)
        {
            return null;
        }

        await ApplyPendingAsync(doc, ct);
        var stored = await schedules.Find(ById(schedule.OrgId, schedule.Id)).FirstOrDefaultAsync(ct);
        return stored is null ? WriteOutcome.NotFound : stored.Version == schedule.Version ? WriteOutcome.Done : WriteOutcome.VersionMismatch;
    }

    public async Task<WriteOutcome> DeleteAsync(string orgId, string id, long? expectedVersion, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, id))
        {
            return WriteOutcome.NotFound;
        }

        // A decided write of the organisation is applied first, so that it cannot bring back what this deletes.
        await SlotVersionAsync(orgId, ct);
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
        if (occurrence.State == OccurrenceState.Claimed)
        {
            expired |= OccurrenceFilter.Eq(d => d.Id, doc.Id) & OccurrenceFilter.Eq(d => d.State, OccurrenceState.Waiting)
                & OccurrenceFilter.Lte(d => d.LeaseUntil, occurrence.RecordedAt);
        }

        if ((await occurrences.ReplaceOneAsync(expired, doc, cancellationToken: ct)).MatchedCount > 0)
        {
            return ClaimResult.Won;
        }

        var stored = await occurrences.Find(OccurrenceFilter.Eq(d => d.Id, doc.Id)).FirstOrDefaultAsync(ct);
        return stored?.State is OccurrenceState.Claimed or OccurrenceState.Waiting ? ClaimResult.Busy : ClaimResult.Done;
    }

    public async Task<bool> CompleteAsync(Occurrence outcome, CancellationToken ct)
    {
        var filter = OccurrenceFilter.Eq(d => d.Id, OccurrenceDocument.IdOf(outcome.OrgId, outcome.ScheduleId, outcome.LocalTime))
            & OccurrenceFilter.Eq(d => d.State, OccurrenceState.Claimed) & OccurrenceFilter.Eq(d => d.Holder, outcome.Holder);
        var update = Builders<OccurrenceDocument>.Update.Set(d => d.State, outcome.State).Set(d => d.SendId, outcome.SendId)
            .Set(d => d.Reason, outcome.Reason).Set(d => d.RecordedAt, outcome.RecordedAt).Set(d => d.LeaseUntil, outcome.LeaseUntil);
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

    public async Task<IReadOnlyList<Occurrence>> WaitingAsync(string? orgId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        if (orgId is not null && !MongoIds.IsValid(orgId))
        {
            return [];
        }

        var filter = (OccurrenceFilter.Eq(d => d.State, OccurrenceState.Waiting) & OccurrenceFilter.Lte(d => d.LeaseUntil, now))
            | (OccurrenceFilter.Eq(d => d.State, OccurrenceState.Claimed) & OccurrenceFilter.Lt(d => d.LeaseUntil, now));
        if (orgId is not null)
        {
            filter &= OccurrenceFilter.Eq(d => d.OrgId, orgId);
        }

        var sort = Builders<OccurrenceDocument>.Sort.Ascending(d => d.FireAt).Ascending(d => d.ScheduleId);
        var docs = await occurrences.Find(filter).Sort(sort).Limit(limit).ToListAsync(ct);
        return [.. docs.Select(d => d.ToDomain())];
    }

    public async Task<bool> TakeRunSlotAsync(string orgId, string scheduleId, string localTime, int slots, DateTimeOffset now, CancellationToken ct)
    {
        if (!MongoIds.AreValid(orgId, scheduleId))
        {
            return false;
        }

        var held = SlotFilter.Eq(d => d.OrgId, orgId) & SlotFilter.Eq(d => d.ScheduleId, scheduleId) & SlotFilter.Eq(d => d.LocalTime, localTime);
        if ((await runSlots.UpdateOneAsync(held, Builders<RunSlotDocument>.Update.Set(d => d.TakenAt, now), cancellationToken: ct)).MatchedCount > 0)
        {
            return true;
        }

        for (var slot = 0; slot < slots; slot++)
        {
            try
            {
                await runSlots.InsertOneAsync(new RunSlotDocument
                {
                    Id = RunSlotDocument.IdOf(orgId, slot),
                    OrgId = orgId,
                    Slot = slot,
                    ScheduleId = scheduleId,
                    LocalTime = localTime,
                    TakenAt = now,
                }, cancellationToken: ct);
                return true;
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                // Taken: try the next one.
            }
        }

        return false;
    }

    public async Task<IReadOnlyList<RunSlot>> RunSlotsAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return [];
        }

        var docs = await runSlots.Find(SlotFilter.Eq(d => d.OrgId, orgId)).ToListAsync(ct);
        return [.. docs.OrderBy(d => d.Slot).Select(d => d.ToDomain())];
    }

    public async Task<bool> ReleaseRunSlotAsync(RunSlot slot, CancellationToken ct)
    {
        if (!MongoIds.AreValid(slot.OrgId, slot.ScheduleId))
        {
            return false;
        }

        var filter = SlotFilter.Eq(d => d.Id, RunSlotDocument.IdOf(slot.OrgId, slot.Index)) & SlotFilter.Eq(d => d.ScheduleId, slot.ScheduleId)
            & SlotFilter.Eq(d => d.LocalTime, slot.LocalTime);
        return (await runSlots.DeleteOneAsync(filter, ct)).DeletedCount > 0;
    }

    /// <summary>
    /// Moves the organisation's slot version on from <paramref name="slotVersion"/> and records the write decided at it,
    /// in one update (or the first insert); null when the version is elsewhere.
    /// </summary>
    private async Task<ScheduleSlotVersionDocument?> DecideAsync(ScheduleDocument schedule, long? expectedVersion, long slotVersion, CancellationToken ct)
    {
        var id = ScheduleSlotVersionDocument.IdOf(schedule.OrgId);
        var decided = new ScheduleSlotVersionDocument
        {
            Id = id,
            OrgId = schedule.OrgId,
            Version = slotVersion + 1,
            Pending = schedule,
            PendingExpected = expectedVersion,
        };
        if (slotVersion == 0)
        {
            try
            {
                await slotVersions.InsertOneAsync(decided, cancellationToken: ct);
                return decided;
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                return null;
            }
        }

        var result = await slotVersions.ReplaceOneAsync(v => v.Id == id && v.Version == slotVersion, decided, cancellationToken: ct);
        return result.MatchedCount > 0 ? decided : null;
    }

    /// <summary>
    /// Applies the write decided at <paramref name="decided"/>'s version (an insert, or a replace at its expected version:
    /// both do nothing when done already), moves the change marker and clears the decision if it is still the current one.
    /// </summary>
    private async Task ApplyPendingAsync(ScheduleSlotVersionDocument decided, CancellationToken ct)
    {
        if (decided.Pending is not { } pending)
        {
            return;
        }

        if (decided.PendingExpected is { } expected)
        {
            await schedules.ReplaceOneAsync(ById(pending.OrgId, pending.Id) & Filter.Eq(d => d.Version, expected), pending, cancellationToken: ct);
        }
        else
        {
            try
            {
                await schedules.InsertOneAsync(pending, cancellationToken: ct);
            }
            catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
            {
                // Applied already (by the writer, or by another caller that found the decision).
            }
        }

        await BumpAsync(ct);
        await slotVersions.UpdateOneAsync(
            v => v.Id == decided.Id && v.Version == decided.Version,
            Builders<ScheduleSlotVersionDocument>.Update.Set(v => v.Pending, null).Set(v => v.PendingExpected, null),
            cancellationToken: ct);
    }

    private Task BumpAsync(CancellationToken ct) => collections.ScheduleMarkers.UpdateOneAsync(
        d => d.Id == ScheduleMarkerDocument.TheId, Builders<ScheduleMarkerDocument>.Update.Inc(d => d.Value, 1), new UpdateOptions { IsUpsert = true }, ct);

    private async Task<bool> ExistsAsync(string orgId, string id, CancellationToken ct) =>
        await schedules.Find(ById(orgId, id)).Project(d => d.Id).Limit(1).AnyAsync(ct);

    private static FilterDefinition<ScheduleDocument> ById(string orgId, string id) => Filter.Eq(d => d.Id, id) & Filter.Eq(d => d.OrgId, orgId);
}
