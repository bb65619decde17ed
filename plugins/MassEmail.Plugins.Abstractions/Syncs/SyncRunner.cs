using MassEmail.Core.Connections;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Core.Tenancy;
using MassEmail.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Runs sync definitions (issue 14) on the work loop: a claim leases one definition whose run is due (its schedule's
/// occurrence, or a "sync now") and the unit (<see cref="SyncRun"/>) sends the current state of the source's records to
/// the remote list in record id order, checkpointing its cursor after every page, so that a run interrupted by a
/// vendor's window, an outage, a shutdown or a kill -9 goes on from its last checkpoint on whichever instance claims
/// it next. Sends are idempotent at the vendor (a subscribe of a member updates it), so the few records after a
/// checkpoint that are sent again cost a call, never a wrong state.
/// </summary>
public sealed partial class SyncRunner(
    ISyncDefinitionStore store,
    IConnectionStore connections,
    ConnectionService plugins,
    AudienceService audiences,
    IAudienceStore audienceStore,
    IRecordStore records,
    IListSubscriptionStore subscriptions,
    IScheduleCalendar calendar,
    IOptions<SyncRunOptions> options,
    TimeProvider time,
    ILogger<SyncRunner> logger) : IWorkSource
{
    public string Name => "sync-runs";

    internal ISyncDefinitionStore Store => store;

    internal IConnectionStore Connections => connections;

    internal ConnectionService Plugins => plugins;

    internal AudienceService Audiences => audiences;

    internal IAudienceStore AudienceStore => audienceStore;

    internal IRecordStore Records => records;

    internal IListSubscriptionStore Subscriptions => subscriptions;

    internal SyncRunOptions Options => options.Value;

    internal TimeProvider Time => time;

    internal ILogger Logger => logger;

    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claim = await store.ClaimRunAsync(worker, now, now + options.Value.Lease, ct);
        return claim is null ? null : new SyncRun(this, worker, claim, now);
    }

    /// <summary>
    /// When a definition runs next after a run that ended at <paramref name="now"/>: its stored time when that is still
    /// ahead (the run was a "sync now"), else the schedule's next occurrence (none after a one-time sync's); a
    /// continuous definition runs again (incrementally) after <see cref="SyncRunOptions.ContinuousInterval"/> at the latest.
    /// </summary>
    internal DateTimeOffset? NextRunAfter(SyncDefinition definition, DateTimeOffset now)
    {
        var scheduled = definition.NextRunAt is { } stored && stored > now
            ? stored
            : calendar.OccurrencesAfter(definition.Settings.Schedule, now).Select(o => (DateTimeOffset?)o).FirstOrDefault();
        var soon = now + options.Value.ContinuousInterval;
        return definition.Settings.Continuous && (scheduled is null || scheduled > soon) ? soon : scheduled;
    }

    /// <summary>Whom a run reads the source as: the definition's creator, for mass-email modules only.</summary>
    internal static Caller CallerOf(SyncDefinition d) =>
        new(d.OrgId, d.CreatedByUserId, $"sync:{d.Id}", Permission.MassEmailCandidates | Permission.MassEmailContacts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run of definition {SyncDefinitionId} (organisation {OrgId}) finished: {Synced} contacts synced, {Failed} refused")]
    internal static partial void LogFinished(ILogger logger, string syncDefinitionId, string orgId, long synced, long failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync run of definition {SyncDefinitionId} waits for the vendor until {RetryAt:O}: {Detail}")]
    internal static partial void LogWaiting(ILogger logger, string syncDefinitionId, DateTimeOffset retryAt, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync run of definition {SyncDefinitionId} (organisation {OrgId}) failed: {Reason}")]
    internal static partial void LogFailed(ILogger logger, string syncDefinitionId, string orgId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync run of definition {SyncDefinitionId} lost its lease: another instance goes on from the last checkpoint")]
    internal static partial void LogLeaseLost(ILogger logger, string syncDefinitionId);
}
