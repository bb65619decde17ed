using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// Use cases of scheduled mass emails. Reading needs the mass-email permission of the schedule's module; changing also
/// needs <see cref="Permission.SchedulesWrite"/>. Schedules of modules the caller may not mail are reported as not found.
/// </summary>
public sealed class ScheduleService(
    IScheduleStore schedules,
    IScheduleCalendar calendar,
    ICustomViewStore views,
    ITemplateStore templates,
    IOrganisationStore organisations,
    IUserStore users,
    TimeProvider time)
{
    public const int MaxPageSize = 200;

    /// <summary>Writes tried when other writes of the organisation's schedules keep moving its slot version.</summary>
    private const int SlotAttempts = 5;
    private const string Resource = "schedule";

    public async Task<Schedule> CreateAsync(Caller caller, ScheduleDraft draft, CancellationToken ct)
    {
        RequireWrite(caller, draft.Module);
        var now = time.GetUtcNowMs();
        var next = await CheckAsync(caller, draft, caller.UserId, null, now, ct);
        var schedule = new Schedule(Ids.New(time), caller.OrgId, draft.Name.Trim(), draft.Module, draft.ViewId, draft.TemplateId, draft.From,
            draft.ReplyTo, draft.Active, draft.StartLocal, draft.TimeZone, draft.Recurrence, caller.UserId, 1, now, now, next, draft.WaitForQuotaDay);
        for (var attempt = 0; attempt < SlotAttempts; attempt++)
        {
            var slot = await RequireRoomAsync(schedule, now, ct);
            if (await schedules.InsertAsync(schedule, slot, ct))
            {
                return schedule;
            }
        }

        throw new VersionConflictException("schedules of organisation", caller.OrgId, 0);
    }

    public async Task<Schedule> GetAsync(Caller caller, string id, CancellationToken ct) => await FindAsync(caller, id, ct);

    /// <summary>A page of the schedules the caller may read, in id order, and the token of the next page.</summary>
    public async Task<(IReadOnlyList<Schedule> Page, string NextToken)> ListAsync(Caller caller, string? afterId, int size, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var rows = await schedules.ListAsync(caller.OrgId, afterId, size + 1, ct);
        var page = rows.Take(size).ToList();
        var token = rows.Count > size ? page[^1].Id : "";
        return ([.. page.Where(s => SendPermissions.Allows(caller, s.Module))], token);
    }

    public async Task<Schedule> UpdateAsync(Caller caller, string id, long expectedVersion, ScheduleDraft draft, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        if (draft.Module != current.Module)
        {
            throw new ValidationException("module", $"cannot change: the schedule mails {current.Module}");
        }

        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        var now = time.GetUtcNowMs();
        var next = await CheckAsync(caller, draft, current.CreatedByUserId, current.Timing, now, ct);
        var updated = current with
        {
            Name = draft.Name.Trim(),
            ViewId = draft.ViewId,
            TemplateId = draft.TemplateId,
            From = draft.From,
            ReplyTo = draft.ReplyTo,
            Active = draft.Active,
            StartLocal = draft.StartLocal,
            TimeZone = draft.TimeZone,
            Recurrence = draft.Recurrence,
            Version = current.Version + 1,
            UpdatedAt = now,
            NextFireAt = next,
            WaitForQuotaDay = draft.WaitForQuotaDay,
        };
        for (var attempt = 0; attempt < SlotAttempts; attempt++)
        {
            var slot = await RequireRoomAsync(updated, now, ct);
            switch (await schedules.ReplaceAsync(updated, expectedVersion, slot, ct))
            {
                case WriteOutcome.Done:
                    return updated;
                case WriteOutcome.NotFound:
                    throw new NotFoundException(Resource, id);
                case WriteOutcome.VersionMismatch:
                    throw new VersionConflictException(Resource, id, expectedVersion);
            }
        }

        throw new VersionConflictException(Resource, id, expectedVersion);
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedVersion, CancellationToken ct)
    {
        var current = await FindAsync(caller, id, ct);
        RequireWrite(caller, current.Module);
        switch (await schedules.DeleteAsync(caller.OrgId, id, expectedVersion, ct))
        {
            case WriteOutcome.NotFound:
                throw new NotFoundException(Resource, id);
            case WriteOutcome.VersionMismatch:
                throw new VersionConflictException(Resource, id, expectedVersion ?? 0);
        }
    }

    public async Task<IReadOnlyList<Occurrence>> ListOccurrencesAsync(
        Caller caller, string scheduleId, DateTimeOffset? beforeFireAt, int limit, CancellationToken ct)
    {
        await FindAsync(caller, scheduleId, ct);
        return await schedules.ListOccurrencesAsync(caller.OrgId, scheduleId, beforeFireAt, limit, ct);
    }

    /// <summary>
    /// The organisation's slot version, read before its active schedules: the write that follows is refused by the
    /// store when another write came in between, and this check runs again.
    /// </summary>
    private async Task<long> RequireRoomAsync(Schedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var slot = await schedules.SlotVersionAsync(schedule.OrgId, ct);
        if (!schedule.Active)
        {
            return slot;
        }

        List<Schedule> others = [];
        string? after = null;
        while (true)
        {
            var page = await schedules.ListAsync(schedule.OrgId, after, MaxPageSize, ct);
            others.AddRange(page.Where(s => s.Active && s.NextFireAt is not null && s.Id != schedule.Id));
            if (page.Count < MaxPageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        ScheduleSlots.RequireRoom(calendar, schedule.Timing, others, now);
        return slot;
    }

    private static void RequireWrite(Caller caller, RecordModule module)
    {
        SendPermissions.Require(caller, module);
        caller.Require(Permission.SchedulesWrite);
    }

    private async Task<Schedule> FindAsync(Caller caller, string id, CancellationToken ct)
    {
        SendPermissions.RequireAny(caller);
        var schedule = await schedules.GetAsync(caller.OrgId, id, ct);
        return schedule is not null && SendPermissions.Allows(caller, schedule.Module) ? schedule : throw new NotFoundException(Resource, id);
    }

    /// <summary>The rules of <see cref="ScheduleRules"/>, then the view, the template and the From/Reply-To choices as a send would resolve them.</summary>
    private async Task<DateTimeOffset> CheckAsync(
        Caller caller, ScheduleDraft draft, string creatorId, ScheduleTiming? stored, DateTimeOffset now, CancellationToken ct)
    {
        var next = ScheduleRules.Check(calendar, draft, stored, now);
        var view = await views.GetAsync(caller.OrgId, draft.ViewId, ct);
        if (view is null || view.Module != draft.Module)
        {
            throw new NotFoundException("custom view", draft.ViewId);
        }

        var template = await templates.GetAsync(caller.OrgId, draft.TemplateId, ct) ?? throw new NotFoundException("template", draft.TemplateId);
        var org = await organisations.GetAsync(caller.OrgId, ct) ?? throw new NotFoundException("organisation", caller.OrgId);
        var user = await users.GetAsync(caller.OrgId, creatorId, ct);
        MassSendService.Sender(draft.From, "from", template.From, user, org);
        MassSendService.Sender(draft.ReplyTo, "reply_to", template.ReplyTo, user, org);
        return next;
    }
}
