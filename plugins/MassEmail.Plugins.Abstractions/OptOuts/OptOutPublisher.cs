using MassEmail.Core.Connections;
using MassEmail.Core.Consent;
using MassEmail.Core.Recipients;
using MassEmail.Core.Syncs;
using MassEmail.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Publishes local opt-outs to the campaign tools, from the consent outbox: a record's global opt-out unsubscribes it
/// from every remote list that one of the organisation's sync definitions names; leaving a local list unsubscribes it
/// from the remote lists of the definitions whose source is that list. Other changes (an opt-out lifted, a list
/// joined) publish nothing: a vendor's opt-out is never undone from here. A claim leases a batch of entries in the
/// store; an entry is marked done only once every target answered applied or rejected; one that must wait keeps the
/// targets that took it and comes back at the vendor's time, while the other connections go on.
/// </summary>
public sealed partial class OptOutPublisher(
    IConsentStore outbox,
    IRecordStore records,
    ISyncDefinitionStore syncs,
    IConnectionStore connections,
    ConnectionService plugins,
    IOptions<OptOutOptions> options,
    TimeProvider time,
    ILogger<OptOutPublisher> logger) : IWorkSource
{
    public string Name => "opt-out-outbox";

    // The parameters as members, for the unit (a nested class cannot read a primary constructor's parameters).
    private IConsentStore Outbox => outbox;

    private IRecordStore Records => records;

    private ISyncDefinitionStore Syncs => syncs;

    private IConnectionStore Connections => connections;

    private ConnectionService Plugins => plugins;

    private OptOutOptions Options => options.Value;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claimed = await outbox.ClaimPendingAsync(worker, options.Value.OutboxBatchSize, now, now + options.Value.Lease, ct);
        return claimed.Count == 0 ? null : new Unit(this, worker, claimed, now);
    }

    /// <summary>Where the change goes: none unless it is an opt-out or a list left that a definition syncs.</summary>
    public static IReadOnlyList<OptOutTarget> TargetsOf(ConsentChange change, IReadOnlyList<SyncDefinition> definitions) => change.Kind switch
    {
        ConsentKind.OptedOut => [.. definitions.Select(Target).Distinct()],
        ConsentKind.Unsubscribed => [.. definitions
            .Where(d => d.Settings.Source.Kind == SyncSourceKind.List && d.Settings.Source.Value == change.ListId).Select(Target).Distinct()],
        _ => [],
    };

    private static OptOutTarget Target(SyncDefinition d) => new(d.ConnectionId, d.Settings.RemoteListId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opt-out change {ChangeId} of record {RecordId} was rejected by list {RemoteListId} of connection {ConnectionId}: {Reason} {Detail}; not retried")]
    private static partial void LogRejected(ILogger logger, string changeId, string recordId, string remoteListId, string connectionId, RejectionReason reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing opt-outs to list {RemoteListId} of connection {ConnectionId} failed ({Error}); retried after {RetryDelay}")]
    private static partial void LogFailed(ILogger logger, string remoteListId, string connectionId, string error, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} has no installed plugin for vendor {Vendor}: opt-outs are not published to it")]
    private static partial void LogNoPlugin(ILogger logger, string connectionId, string vendor);

    /// <summary>One claimed batch of outbox entries.</summary>
    private sealed class Unit(OptOutPublisher owner, string worker, IReadOnlyList<PendingConsentChange> claimed, DateTimeOffset claimedAt) : IWorkUnit
    {
        private readonly Dictionary<string, Entry> entries = claimed.ToDictionary(
            c => c.Change.Id, c => new Entry(c.Change, new HashSet<string>(c.DoneTargets, StringComparer.Ordinal)), StringComparer.Ordinal);

        public async Task RunAsync(CancellationToken stop)
        {
            var o = owner.Options;
            // Vendor calls start only in the first half of the lease: the rest is room for the answers and the writes.
            var callsUntil = claimedAt + (o.Lease / 2);
            var grouped = false;
            try
            {
                var groups = await GroupAsync(stop);
                grouped = true;
                foreach (var ((orgId, target), changes) in groups)
                {
                    await PublishAsync(orgId, target, changes, callsUntil, stop);
                }
            }
            finally
            {
                // Outcomes are stored even when stopping: done entries never go again, the others come back. Entries
                // whose targets were never worked out (the store failed, or stopping) are all handed back.
                await SettleAsync(grouped);
            }
        }

        /// <summary>The entries' changes by organisation and target, each with its record's address; targets already done are left out.</summary>
        private async Task<Dictionary<(string OrgId, OptOutTarget Target), List<(Entry Entry, string Email)>>> GroupAsync(CancellationToken ct)
        {
            var groups = new Dictionary<(string, OptOutTarget), List<(Entry, string)>>();
            foreach (var org in entries.Values.GroupBy(e => e.Change.OrgId, StringComparer.Ordinal))
            {
                var definitions = await owner.Syncs.ListForOrganisationAsync(org.Key, ct);
                var targeted = org.Select(e => (Entry: e, Targets: TargetsOf(e.Change, definitions).Where(t => !e.Done.Contains(t.Key)).ToList()))
                    .Where(e => e.Targets.Count > 0).ToList();
                if (targeted.Count == 0)
                {
                    continue;
                }

                var ids = targeted.Select(e => e.Entry.Change.RecordId).Distinct(StringComparer.Ordinal).ToList();
                var emails = (await owner.Records.GetManyAsync(org.Key, ids, ct))
                    .Where(r => r.EmailNormalized.Length > 0).ToDictionary(r => r.Id, r => r.EmailNormalized, StringComparer.Ordinal);
                foreach (var (entry, targets) in targeted)
                {
                    // A record deleted since, or without a valid address, has nothing a vendor could know it by.
                    if (!emails.TryGetValue(entry.Change.RecordId, out var email))
                    {
                        continue;
                    }

                    foreach (var target in targets)
                    {
                        entry.Pending.Add(target.Key);
                        (groups.TryGetValue((org.Key, target), out var list) ? list : groups[(org.Key, target)] = []).Add((entry, (string)email));
                    }
                }
            }

            return groups;
        }

        private async Task PublishAsync(string orgId, OptOutTarget target, List<(Entry Entry, string Email)> changes, DateTimeOffset callsUntil, CancellationToken stop)
        {
            var o = owner.Options;
            var stored = await owner.Connections.GetAsync(orgId, target.ConnectionId, stop);
            if (stored is null)
            {
                // The connection is gone: there is nothing left to publish to.
                changes.ForEach(c => c.Entry.Took(target));
                return;
            }

            var opened = owner.Plugins.Open(stored);
            if (opened is null)
            {
                LogNoPlugin(owner.Logger, stored.Id, stored.Vendor);
                changes.ForEach(c => c.Entry.Took(target));
                return;
            }

            (ICampaignToolPlugin plugin, PluginConnection connection) = opened.Value;

            // One change per record: its entries (an opt-out repeated) share the answer.
            var byRecord = changes.GroupBy(c => c.Entry.Change.RecordId, StringComparer.Ordinal).ToList();
            foreach (var chunk in byRecord.Chunk(Math.Max(1, plugin.Limits.MaxChangesPerBatch)))
            {
                if (stop.IsCancellationRequested || owner.Time.GetUtcNow() >= callsUntil)
                {
                    return;
                }

                var batch = chunk.Select((g, i) => MembershipChange.Of(g.Key, g.First().Email, MembershipChangeKind.Unsubscribe, i)).ToList();
                IReadOnlyList<MembershipResult> results;
                try
                {
                    results = await plugin.ApplyAsync(connection, target.RemoteListId, batch, stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // Only the exception's kind: a transport's message may quote a request.
                    LogFailed(owner.Logger, target.RemoteListId, target.ConnectionId, e.GetType().Name, o.RetryDelay);
                    var at = owner.Time.GetUtcNow() + o.RetryDelay;
                    foreach (var g in chunk)
                    {
                        g.ToList().ForEach(c => c.Entry.Wait(at));
                    }

                    continue;
                }

                foreach (var result in results)
                {
                    var group = chunk[(int)result.Change.Sequence];
                    foreach (var item in group)
                    {
                        var entry = item.Entry;
                        switch (result.Outcome)
                        {
                            case MembershipOutcome.Applied:
                                entry.Took(target);
                                break;
                            case MembershipOutcome.Rejected:
                                LogRejected(owner.Logger, entry.Change.Id, entry.Change.RecordId, target.RemoteListId, target.ConnectionId, result.Reason, result.Detail);
                                entry.Took(target);
                                break;
                            default:
                                entry.Wait(result.RetryAt ?? owner.Time.GetUtcNow() + o.RetryDelay);
                                break;
                        }
                    }
                }
            }
        }

        private async Task SettleAsync(bool grouped)
        {
            var done = grouped ? entries.Values.Where(e => e.Pending.Count == 0).Select(e => e.Change.Id).ToList() : [];
            await owner.Outbox.MarkDoneAsync(done, CancellationToken.None);
            var now = owner.Time.GetUtcNow();
            foreach (var entry in entries.Values.Where(e => !grouped || e.Pending.Count > 0))
            {
                // Not attempted (stopping, or the lease's first half over): due again at once.
                await owner.Outbox.DeferAsync(entry.Change.Id, worker, entry.RetryAt ?? now, [.. entry.Done], CancellationToken.None);
            }
        }
    }

    /// <summary>An outbox entry in a claimed batch: the targets that took it, those still owed, and when to come back.</summary>
    private sealed class Entry(ConsentChange change, HashSet<string> done)
    {
        public ConsentChange Change => change;

        public HashSet<string> Done => done;

        public HashSet<string> Pending { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? RetryAt { get; private set; }

        public void Took(OptOutTarget target)
        {
            Done.Add(target.Key);
            Pending.Remove(target.Key);
        }

        public void Wait(DateTimeOffset at) => RetryAt = RetryAt is { } current && current <= at ? current : at;
    }
}
