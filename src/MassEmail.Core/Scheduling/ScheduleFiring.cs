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
/// is recorded as missed.
/// </summary>
public sealed partial class ScheduleFiring(
    IScheduleStore store, IScheduleCalendar calendar, MassSendService sends, IOptions<SchedulingOptions> options, TimeProvider time, ILogger<ScheduleFiring> logger)
{
    /// <summary>Missed occurrences recorded for one schedule in one round; older ones are passed over silently.</summary>
    public const int MaxMissedRecorded = 100;

    private const int Batch = 50;
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
            _ => await StartAsync(current, claim.LocalTime, ct),
        };
        await store.CompleteAsync(claim with { State = state, SendId = sendId, Reason = reason, RecordedAt = time.GetUtcNow() }, ct);
        return true;
    }

    private async Task<(OccurrenceState, string, string)> StartAsync(Schedule schedule, string localTime, CancellationToken ct)
    {
        var caller = new Caller(schedule.OrgId, schedule.CreatedByUserId, $"schedule:{schedule.Id}", Permission.MassEmailCandidates | Permission.MassEmailContacts);
        var request = new StartMassSendRequest(schedule.Module, schedule.TemplateId, schedule.From, schedule.ReplyTo,
            new ViewAudience(schedule.ViewId), $"schedule:{schedule.Id}:{localTime}");
        try
        {
            var send = await sends.StartAsync(caller, request, ct);
            return (OccurrenceState.Fired, send.Id, "");
        }
        catch (QuotaExceededException e)
        {
            return (OccurrenceState.Skipped, "", $"quota: {e.Message}");
        }
        catch (DomainException e) when (e is NotFoundException or ValidationException or PreconditionFailedException or PermissionDeniedException)
        {
            return (OccurrenceState.Skipped, "", e.Message);
        }
    }

    private Occurrence Outcome(Schedule s, DateTimeOffset at, OccurrenceState state, string sendId, string reason, DateTimeOffset now) =>
        new(s.OrgId, s.Id, Occurrence.KeyOf(at), at, state, sendId, reason, Holder, now, now);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing schedule {ScheduleId} failed; it is tried again next round")]
    private static partial void LogFireFailed(ILogger logger, string scheduleId, Exception e);
}
