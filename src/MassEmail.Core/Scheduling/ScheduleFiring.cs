using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Scheduling;

/// <summary>
/// Fires the schedules that are due, deciding everything from the store: each occurrence is claimed there (one instance
/// wins) and only the winner starts its mass send, with the occurrence as the idempotency key. Occurrences that fell
/// due while no instance ran are decided here too: the latest fires once if it is within the grace, every other one
/// is recorded as missed. At most <see cref="ScheduleSlots.MaxAtOnce"/> scheduled sends of one organisation run at once,
/// each in a run slot taken in the store; an occurrence that finds none free waits (recorded as waiting) and
/// <see cref="RunWaitingAsync"/> starts the waiting ones in fire-time order as slots free up.
/// </summary>
public sealed partial class ScheduleFiring(
    IScheduleStore store,
    IScheduleCalendar calendar,
    MassSendService sends,
    IMassSendStore sendStore,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<ScheduleFiring> logger)
{
    /// <summary>The reason of an occurrence waiting for a run slot.</summary>
    public const string SlotFullReason = "slot full: three scheduled sends of the organisation are running; starts when one ends";

    /// <summary>Missed occurrences recorded for one schedule in one round; older ones are passed over silently.</summary>
    public const int MaxMissedRecorded = 100;

    private const int Batch = 50;

    /// <summary>Waiting occurrences looked at per round: enough that one organisation's long line does not hide the others'.</summary>
    private const int WaitingBatch = 1000;
    private const int MaxWalk = 100_000;

    /// <summary>This instance, as the holder of its claims.</summary>
    public string Holder { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Fires (or records as missed) every occurrence due now; one schedule's failure does not stop the others.</summary>
    public async Task RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var schedule in await store.DueAsync(now, Batch, ct))
        {
            try
            {
                await FireAsync(schedule, now, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogFireFailed(logger, schedule.Id, e);
            }
        }
    }

    private async Task FireAsync(Schedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var zone = ScheduleZones.Find(schedule.TimeZone) ?? throw new InvalidOperationException($"schedule {schedule.Id} has an unknown zone");
        var expected = schedule.NextFireAt!.Value;
        List<DateTimeOffset> due = [ScheduleZones.InZone(zone, expected), .. calendar.OccurrencesAfter(schedule.Timing, expected).TakeWhile(o => o <= now).Take(MaxWalk)];
        var latest = due[^1];
        foreach (var missed in due.SkipLast(1).TakeLast(MaxMissedRecorded))
        {
            await store.ClaimAsync(Outcome(schedule, missed, OccurrenceState.Missed, "", "no instance ran at the fire time; a later occurrence was due", now), ct);
        }

        var grace = options.Value.MisfireGrace;
        if (now - latest > grace)
        {
            await store.ClaimAsync(Outcome(schedule, latest, OccurrenceState.Missed, "", $"no instance ran at the fire time; more than {grace} late", now), ct);
        }
        else if (!await FireOnceAsync(schedule, latest, now, ct))
        {
            return;
        }

        var next = calendar.OccurrencesAfter(schedule.Timing, latest).Select(o => (DateTimeOffset?)o).FirstOrDefault();
        await store.AdvanceAsync(schedule.OrgId, schedule.Id, expected, next, ct);
    }

    /// <summary>False when another live instance holds the occurrence (it records the outcome and moves the schedule on).</summary>
    private async Task<bool> FireOnceAsync(Schedule schedule, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken ct)
    {
        var claim = Outcome(schedule, occurrence, OccurrenceState.Claimed, "", "", now) with { LeaseUntil = now + options.Value.ClaimLease };
        switch (await store.ClaimAsync(claim, ct))
        {
            case ClaimResult.Busy:
                return false;
            case ClaimResult.Done:
                return true;
        }

        // Read again after the claim: an edit, a deactivation or a delete made before the fire time wins.
        var current = await store.GetAsync(schedule.OrgId, schedule.Id, ct);
        var (state, sendId, reason) = current switch
        {
            null => (OccurrenceState.Skipped, "", "the schedule was deleted"),
            { Active: false } => (OccurrenceState.Skipped, "", "the schedule is inactive"),
            _ => await RunOrWaitAsync(current, claim, joinLine: true, ct),
        };
        await CompleteAsync(claim, state, sendId, reason, ct);
        return true;
    }

    /// <summary>
    /// Starts the waiting occurrences whose retry time has come (and takes over claims whose holder died), earliest fire
    /// time first; an organisation's later ones wait on while an earlier one finds no free slot.
    /// </summary>
    public async Task RunWaitingAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        HashSet<string> full = [];
        foreach (var waiting in await store.WaitingAsync(null, now, WaitingBatch, ct))
        {
            if (full.Contains(waiting.OrgId))
            {
                continue;
            }

            try
            {
                var claim = waiting with { State = OccurrenceState.Claimed, Holder = Holder, LeaseUntil = now + options.Value.ClaimLease, RecordedAt = now };
                if (await store.ClaimAsync(claim, ct) != ClaimResult.Won)
                {
                    continue;
                }

                var current = await store.GetAsync(claim.OrgId, claim.ScheduleId, ct);
                var (state, sendId, reason) = current switch
                {
                    null => (OccurrenceState.Skipped, "", "the schedule was deleted"),
                    { Active: false } => (OccurrenceState.Skipped, "", "the schedule is inactive"),
                    _ => await RunOrWaitAsync(current, claim, joinLine: false, ct),
                };
                if (state == OccurrenceState.Waiting && reason == SlotFullReason)
                {
                    full.Add(claim.OrgId);
                }

                await CompleteAsync(claim, state, sendId, reason, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogFireFailed(logger, waiting.ScheduleId, e);
            }
        }
    }

    /// <summary>A waiting occurrence keeps its retry time as its lease: the slot line retries at once, the quota at midnight UTC.</summary>
    private async Task CompleteAsync(Occurrence claim, OccurrenceState state, string sendId, string reason, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var retry = state != OccurrenceState.Waiting ? claim.LeaseUntil
            : reason == SlotFullReason ? now
            : new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        await store.CompleteAsync(claim with { State = state, SendId = sendId, Reason = reason, RecordedAt = now, LeaseUntil = retry }, ct);
    }

    /// <summary>
    /// Takes a run slot and starts the send, or waits: for a slot when none is free (or, with <paramref name="joinLine"/>,
    /// when earlier occurrences of the organisation wait already), for the next UTC day when the quota does not fit and
    /// the schedule says so (once: an occurrence that waited a day and still does not fit is skipped).
    /// </summary>
    private async Task<(OccurrenceState, string, string)> RunOrWaitAsync(Schedule schedule, Occurrence claim, bool joinLine, CancellationToken ct)
    {
        if ((joinLine && (await store.WaitingAsync(schedule.OrgId, time.GetUtcNow(), 1, ct)).Count > 0) || !await TakeSlotAsync(claim, ct))
        {
            return (OccurrenceState.Waiting, "", SlotFullReason);
        }

        var (state, sendId, reason, quota) = await StartAsync(schedule, claim.LocalTime, ct);
        if (state != OccurrenceState.Fired)
        {
            await ReleaseAsync(claim, ct);
        }

        if (quota is { } q && schedule.WaitForQuotaDay && q.Day == DateOnly.FromDateTime(claim.FireAt.UtcDateTime))
        {
            return (OccurrenceState.Waiting, "", $"{reason}; waits for the quota of {q.Day.AddDays(1):yyyy-MM-dd} (UTC)");
        }

        return (state, sendId, reason);
    }

    /// <summary>A free run slot for the occurrence, after freeing those whose sends ended (or whose holder died before starting one).</summary>
    private async Task<bool> TakeSlotAsync(Occurrence claim, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await store.TakeRunSlotAsync(claim.OrgId, claim.ScheduleId, claim.LocalTime, ScheduleSlots.MaxAtOnce, now, ct))
        {
            return true;
        }

        var freed = false;
        foreach (var slot in await store.RunSlotsAsync(claim.OrgId, ct))
        {
            var send = await sendStore.GetByIdempotencyKeyAsync(slot.OrgId, KeyOf(slot.ScheduleId, slot.LocalTime), ct);
            var ended = send is null ? slot.TakenAt + options.Value.ClaimLease < now : send.IsFinal;
            freed |= ended && await store.ReleaseRunSlotAsync(slot, ct);
        }

        return freed && await store.TakeRunSlotAsync(claim.OrgId, claim.ScheduleId, claim.LocalTime, ScheduleSlots.MaxAtOnce, now, ct);
    }

    private async Task ReleaseAsync(Occurrence claim, CancellationToken ct)
    {
        foreach (var slot in (await store.RunSlotsAsync(claim.OrgId, ct)).Where(s => s.ScheduleId == claim.ScheduleId && s.LocalTime == claim.LocalTime))
        {
            await store.ReleaseRunSlotAsync(slot, ct);
        }
    }

    private static string KeyOf(string scheduleId, string localTime) => $"schedule:{scheduleId}:{localTime}";

    private async Task<(OccurrenceState, string, string, QuotaExceededException?)> StartAsync(Schedule schedule, string localTime, CancellationToken ct)
    {
        var caller = new Caller(schedule.OrgId, schedule.CreatedByUserId, $"schedule:{schedule.Id}", Permission.MassEmailCandidates | Permission.MassEmailContacts);
        var request = new StartMassSendRequest(schedule.Module, schedule.TemplateId, schedule.From, schedule.ReplyTo,
            new ViewAudience(schedule.ViewId), KeyOf(schedule.Id, localTime));
        try
        {
            var send = await sends.StartAsync(caller, request, ct);
            return (OccurrenceState.Fired, send.Id, "", null);
        }
        catch (QuotaExceededException e)
        {
            return (OccurrenceState.Skipped, "", $"quota: {e.Message}", e);
        }
        catch (DomainException e) when (e is NotFoundException or ValidationException or PreconditionFailedException or PermissionDeniedException)
        {
            return (OccurrenceState.Skipped, "", e.Message, null);
        }
    }

    private Occurrence Outcome(Schedule s, DateTimeOffset at, OccurrenceState state, string sendId, string reason, DateTimeOffset now) =>
        new(s.OrgId, s.Id, Occurrence.KeyOf(at), at, state, sendId, reason, Holder, now, now);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing schedule {ScheduleId} failed; it is tried again next round")]
    private static partial void LogFireFailed(ILogger logger, string scheduleId, Exception e);
}
