using MassEmail.Core.Connections;
using MassEmail.Core.Syncs;
using MassEmail.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Polls the campaign tools for their opt-outs and bounces (Zoho Campaigns has no webhooks for list events): every
/// remote list of a connection that a sync definition names is asked every <see cref="OptOutOptions.PollInterval"/>
/// from the cursor stored for it, under a lease in the store so that one instance polls it. Each page is applied
/// (<see cref="RemoteOptOutApplier"/>) before the cursor moves past it: a worker killed in between reads the page again,
/// which changes nothing the second time.
/// </summary>
public sealed partial class OptOutPoller(
    IOptOutPollStore polls,
    ISyncDefinitionStore syncs,
    IConnectionStore connections,
    ConnectionService plugins,
    RemoteOptOutApplier applier,
    IOptions<OptOutOptions> options,
    TimeProvider time,
    ILogger<OptOutPoller> logger) : IWorkSource
{
    private const int DefinitionPage = 500;

    public string Name => "opt-out-polls";

    // The parameters as members, for the unit (a nested class cannot read a primary constructor's parameters).
    private IOptOutPollStore Polls => polls;

    private ISyncDefinitionStore Syncs => syncs;

    private IConnectionStore Connections => connections;

    private ConnectionService Plugins => plugins;

    private RemoteOptOutApplier Applier => applier;

    private OptOutOptions Options => options.Value;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    /// <summary>Claims the first due (connection, remote list) of any organisation's sync definitions.</summary>
    public async Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct)
    {
        var seen = new HashSet<(string, string, string)>();
        string? after = null;
        while (true)
        {
            var page = await syncs.ListAllAsync(after, DefinitionPage, ct);
            foreach (var d in page)
            {
                var key = (d.OrgId, d.ConnectionId, d.Settings.RemoteListId);
                if (!seen.Add(key))
                {
                    continue;
                }

                var now = time.GetUtcNow();
                if (await polls.TryClaimAsync(d.OrgId, d.ConnectionId, d.Settings.RemoteListId, worker, now, now + options.Value.Lease, ct) is { } claim)
                {
                    return new Unit(this, worker, d.OrgId, new OptOutTarget(d.ConnectionId, d.Settings.RemoteListId), claim.Cursor, now);
                }
            }

            if (page.Count < DefinitionPage)
            {
                return null;
            }

            after = page[^1].Id;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the opt-outs of list {RemoteListId} of connection {ConnectionId} failed ({Error}); polled again after {RetryDelay}")]
    private static partial void LogFailed(ILogger logger, string remoteListId, string connectionId, string error, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Information, Message = "List {RemoteListId} of connection {ConnectionId}: {Count} remote opt-out(s) read, {OptedOut} change(s) applied")]
    private static partial void LogApplied(ILogger logger, string remoteListId, string connectionId, int count, int optedOut);

    private sealed class Unit(OptOutPoller owner, string worker, string orgId, OptOutTarget target, string? cursor, DateTimeOffset claimedAt) : IWorkUnit
    {
        public async Task RunAsync(CancellationToken stop)
        {
            var o = owner.Options;
            var nextAt = owner.Time.GetUtcNow() + o.PollInterval;
            try
            {
                var stored = await owner.Connections.GetAsync(orgId, target.ConnectionId, stop);
                var opened = stored is null ? null : owner.Plugins.Open(stored);
                if (opened is null)
                {
                    return;
                }

                (ICampaignToolPlugin plugin, PluginConnection connection) = opened.Value;
                var callsUntil = claimedAt + (o.Lease / 2);
                var targeting = RemoteOptOutApplier.Targeting(await owner.Syncs.ListAsync(orgId, target.ConnectionId, stop), target.RemoteListId);
                for (var page = 0; page < o.MaxPagesPerPoll; page++)
                {
                    var fetched = await plugin.FetchOptOutsAsync(connection, target.RemoteListId, cursor, stop);
                    var optedOut = 0;
                    foreach (var optOut in fetched.OptOuts)
                    {
                        optedOut += (await owner.Applier.ApplyAsync(orgId, targeting, optOut, $"{plugin.Vendor} poll of connection {target.ConnectionId}", stop)).Changes;
                    }

                    if (fetched.OptOuts.Count > 0)
                    {
                        LogApplied(owner.Logger, target.RemoteListId, target.ConnectionId, fetched.OptOuts.Count, optedOut);
                    }

                    // The cursor moves only past a page whose changes are stored; a lost lease stores nothing.
                    var now = owner.Time.GetUtcNow();
                    if (!await owner.Polls.SaveCursorAsync(orgId, target.ConnectionId, target.RemoteListId, worker, fetched.Cursor, now + o.Lease, stop))
                    {
                        return;
                    }

                    cursor = fetched.Cursor;
                    if (fetched.RetryAt is { } retryAt)
                    {
                        nextAt = retryAt;
                        return;
                    }

                    if (!fetched.HasMore)
                    {
                        nextAt = now + o.PollInterval;
                        return;
                    }

                    // More pages wait: read on, or hand the poll back due at once (stopping, or the lease half over).
                    nextAt = now;
                    if (stop.IsCancellationRequested || now >= callsUntil)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogFailed(owner.Logger, target.RemoteListId, target.ConnectionId, e.GetType().Name, o.RetryDelay);
                nextAt = owner.Time.GetUtcNow() + o.RetryDelay;
            }
            finally
            {
                await owner.Polls.ReleaseAsync(orgId, target.ConnectionId, target.RemoteListId, worker, nextAt, CancellationToken.None);
            }
        }
    }
}
