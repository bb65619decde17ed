using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Sending;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// Enrols the records the triggers' events name and sends the due steps, deciding everything in the store. A step goes
/// out in a run: the due enrolments are claimed under a fresh run id (stored before anything is sent), checked again
/// (<see cref="StopChecks"/>), and mailed by one mass send whose idempotency key is derived from the run id; then the
/// run moves its enrolments to the next step. A run whose holder died is taken over after its lease: when its send
/// exists the takeover only moves the enrolments on, otherwise it starts the send, so no step is sent twice or skipped.
/// </summary>
public sealed partial class AutoresponderRunner(
    IAutoresponderStore store,
    IListSubscriptionStore subscriptions,
    IAudienceStore audienceStore,
    StopChecks checks,
    MassSendService sends,
    IMassSendStore sendStore,
    IOptions<AutoresponderOptions> options,
    TimeProvider time,
    ILogger<AutoresponderRunner> logger)
{
    private const int Page = 500;
    private const int MaxRunsPerRound = 20;

    /// <summary>One round over every active autoresponder: enrol, then send what is due; one's failure does not stop the others.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ListActiveAsync(after, Page, ct);
            foreach (var autoresponder in page)
            {
                try
                {
                    await EnrollAsync(autoresponder, ct);
                    await SendDueAsync(autoresponder, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    LogRoundFailed(logger, autoresponder.Id, e);
                }
            }

            if (page.Count < Page)
            {
                return;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>The caller the autoresponder's sends run as: its creator, as a schedule's run as theirs.</summary>
    public static Caller CallerOf(Autoresponder a) =>
        new(a.OrgId, a.CreatedByUserId, $"autoresponder:{a.Id}", Permission.MassEmailCandidates | Permission.MassEmailContacts);

    /// <summary>The mass send idempotency key of a run.</summary>
    public static string KeyOf(string autoresponderId, string runId) => $"autoresponder:{autoresponderId}:{runId}";

    /// <summary>
    /// Enrols the records of the events after the cursor (less the overlap; from the activation on unless existing records
    /// are asked for), then moves the cursor to the round's start when there were any.
    /// </summary>
    public async Task EnrollAsync(Autoresponder a, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        DateTimeOffset? lower = a.EnrollCursor - options.Value.EnrollOverlap;
        // Events are read after the bound, so one in the very millisecond of the activation counts as after it.
        if (!a.EnrollExisting && a.ActivatedAt is { } activated && (lower is null || lower < activated))
        {
            lower = activated.AddMilliseconds(-1);
        }

        AudienceQuery trigger;
        try
        {
            trigger = await checks.TriggerQueryAsync(a, ct);
        }
        catch (NotFoundException)
        {
            return;
        }

        var found = false;
        if (trigger.ListIsStatic)
        {
            var since = lower ?? DateTimeOffset.UnixEpoch;
            string? afterRecord = null;
            while (true)
            {
                var page = await subscriptions.SubscribedSinceAsync(a.OrgId, trigger.ListId!, since, afterRecord, Page, ct);
                if (page.Count == 0)
                {
                    break;
                }

                found = true;
                var ids = page.Select(s => s.RecordId).ToList();
                var members = await audienceStore.SampleAsync(trigger with { RecordIds = ids }, ids.Count, ct);
                await EnrollAsync(a, [.. members.Where(Enrollable).Select(m => m.RecordId)], now, ct);
                (since, afterRecord) = (page[^1].At, page[^1].RecordId);
                if (page.Count < Page)
                {
                    break;
                }
            }
        }
        else
        {
            var query = lower is { } l
                ? trigger with { Filter = new AllOf([trigger.Filter!, new FieldFilter(StandardFields.Path(StandardFields.UpdatedTime), FilterOperator.GreaterThan, [FieldValue.Of(l)])]) }
                : trigger;
            List<string> ids = [];
            await foreach (var member in audienceStore.StreamAsync(query, ct))
            {
                found = true;
                if (Enrollable(member))
                {
                    ids.Add(member.RecordId);
                }
            }

            foreach (var chunk in ids.Chunk(Page))
            {
                await EnrollAsync(a, chunk, now, ct);
            }
        }

        // A round that read no event leaves the cursor (the next reads the same empty range): an idle autoresponder writes nothing.
        if (found)
        {
            await store.SetCursorAsync(a.OrgId, a.Id, a.Version, now, ct);
        }
    }

    /// <summary>Takes over runs whose holder died, then claims and runs the due enrolments, one run per step.</summary>
    public async Task SendDueAsync(Autoresponder a, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        var stale = await store.ClaimedAsync(a.OrgId, a.Id, null, now - options.Value.ClaimLease, 10 * Page, ct);
        foreach (var run in stale.GroupBy(e => e.RunId))
        {
            await RunAsync(a, run.Key, run.First().Step, [.. run.Select(e => e.RecordId)], ct);
        }

        for (var round = 0; round < MaxRunsPerRound; round++)
        {
            var due = await store.DueAsync(a.OrgId, a.Id, now, Page, ct);
            if (due.Count == 0)
            {
                return;
            }

            foreach (var step in due.GroupBy(e => e.Step))
            {
                var runId = Ids.New(time);
                if (await store.ClaimAsync(a.OrgId, a.Id, step.Key, [.. step.Select(e => e.RecordId)], runId, now, ct) == 0)
                {
                    continue;
                }

                var held = await store.ClaimedAsync(a.OrgId, a.Id, runId, DateTimeOffset.MaxValue, Page, ct);
                await RunAsync(a, runId, step.Key, [.. held.Select(e => e.RecordId)], ct);
            }
        }
    }

    private async Task EnrollAsync(Autoresponder a, IReadOnlyList<string> recordIds, DateTimeOffset now, CancellationToken ct)
    {
        if (recordIds.Count > 0)
        {
            var due = DueAt(a, 0, now);
            await store.EnrollAsync([.. recordIds.Select(id => new Enrollment(a.OrgId, a.Id, id, 0, EnrollmentState.Active, due, "", "", null, "", now, now))], ct);
        }
    }

    /// <summary>Sends step <paramref name="step"/> of the run's enrolments once, then moves them on.</summary>
    private async Task RunAsync(Autoresponder a, string runId, int step, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        var now = time.GetUtcNowMs();
        if (step >= a.Steps.Count)
        {
            // The autoresponder lost steps in an edit: these enrolments have had every step there is.
            await store.FinishAsync(a.OrgId, a.Id, runId, recordIds, new(step, EnrollmentState.Done, now, "", "", now), ct);
            return;
        }

        var key = KeyOf(a.Id, runId);
        var sendId = (await sendStore.GetByIdempotencyKeyAsync(a.OrgId, key, ct))?.Id;
        if (sendId is null)
        {
            var (keep, stops) = await checks.CheckAsync(a, recordIds, ct);
            foreach (var group in stops.GroupBy(s => s.Reason))
            {
                await store.FinishAsync(a.OrgId, a.Id, runId, [.. group.Select(s => s.RecordId)], new(step, EnrollmentState.Stopped, now, group.Key, "", now), ct);
            }

            if (keep.Count == 0)
            {
                return;
            }

            sendId = await StartAsync(a, runId, step, keep, now, ct);
            if (sendId is null)
            {
                return;
            }
        }

        var held = await store.ClaimedAsync(a.OrgId, a.Id, runId, DateTimeOffset.MaxValue, 10 * Page, ct);
        var change = step + 1 < a.Steps.Count
            ? new EnrollmentChange(step + 1, EnrollmentState.Active, DueAt(a, step + 1, now), "", sendId, now)
            : new EnrollmentChange(step + 1, EnrollmentState.Done, now, "", sendId, now);
        await store.FinishAsync(a.OrgId, a.Id, runId, [.. held.Select(e => e.RecordId)], change, ct);
    }

    /// <summary>
    /// The run's send id; null when the run ended without one (quota: waits for the next UTC day; a broken step: stopped).
    /// When only some of the records fit the day's bulk quota, those go and the others are freed for a later round.
    /// </summary>
    private async Task<string?> StartAsync(Autoresponder a, string runId, int step, IReadOnlyList<string> recordIds, DateTimeOffset now, CancellationToken ct)
    {
        var s = a.Steps[step];
        var key = KeyOf(a.Id, runId);
        var request = new StartMassSendRequest(a.Module, s.TemplateId, s.From, s.ReplyTo, new RecordsAudience([.. recordIds.Order(StringComparer.Ordinal)]), key);
        try
        {
            return (await sends.StartAsync(CallerOf(a), request, ct)).Id;
        }
        catch (QuotaExceededException e) when (e.Remaining > 0 && e.Remaining < recordIds.Count)
        {
            // What fits goes today; the rest is freed for the next round, which waits for the next UTC day if nothing is left.
            List<string> fits = [.. recordIds.Order(StringComparer.Ordinal).Take((int)e.Remaining)];
            await store.FinishAsync(a.OrgId, a.Id, runId, [.. recordIds.Except(fits)], new(step, EnrollmentState.Active, now, "", "", now), ct);
            return await StartAsync(a, runId, step, fits, now, ct);
        }
        catch (DomainException e) when (e is QuotaExceededException or NotFoundException or PreconditionFailedException or PermissionDeniedException)
        {
            // Another instance that took the run over may have started it meanwhile (with a record set checked later).
            if (await sendStore.GetByIdempotencyKeyAsync(a.OrgId, key, ct) is { } started)
            {
                return started.Id;
            }

            var change = e is QuotaExceededException
                ? new EnrollmentChange(step, EnrollmentState.Active, new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero), "", "", now)
                : new EnrollmentChange(step, EnrollmentState.Stopped, now, $"step {step + 1}: {e.Message}", "", now);
            await store.FinishAsync(a.OrgId, a.Id, runId, recordIds, change, ct);
            return null;
        }
    }

    private DateTimeOffset DueAt(Autoresponder a, int step, DateTimeOffset from)
    {
        var due = from + a.Steps[step].Delay;
        return a.Window?.Push(due) ?? due;
    }

    private static bool Enrollable(AudienceMember m) => m.Skip is SkipReason.None or SkipReason.Duplicate;

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of autoresponder {AutoresponderId} failed; it is tried again next round")]
    private static partial void LogRoundFailed(ILogger logger, string autoresponderId, Exception e);
}
