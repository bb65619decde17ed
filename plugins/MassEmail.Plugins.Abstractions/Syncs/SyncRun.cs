using System.Runtime.CompilerServices;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Syncs;
using MassEmail.Core.Work;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// One claimed run of a sync definition (see <see cref="SyncRunner"/>): a new run, or the one an earlier claim left at
/// its cursor. Excluded records (no or an invalid address, opted out when the definition excludes opt-outs, left the
/// source list, a duplicate address) are passed over; the others are subscribed with their mapped fields.
/// </summary>
internal sealed partial class SyncRun(SyncRunner owner, string worker, SyncRunClaim claim, DateTimeOffset claimedAt) : IWorkUnit
{
    private readonly SemaphoreSlim writes = new(1, 1);
    private readonly SyncDefinition definition = claim.Definition;
    private SyncStatus status = claim.Definition.Status;

    private SyncSettings Settings => definition.Settings;

    public async Task RunAsync(CancellationToken stop)
    {
        var o = owner.Options;
        if (status.State != SyncState.InProgress || status.RunStartedAt is null)
        {
            // A new run: full when asked for or the first; otherwise the records changed (or joined the list) since the last.
            var full = claim.RequestedFull || status.LastSuccessRunStartedAt is null;
            status = status with
            {
                State = SyncState.InProgress,
                RunStartedAt = claimedAt,
                Cursor = null,
                DoneAfterCursor = null,
                Full = full,
                Since = full ? null : status.LastSuccessRunStartedAt - o.Overlap,
                SyncedContacts = 0,
                FailedContacts = 0,
                ConfirmationRequests = 0,
                Failures = [],
                WaitingUntil = null,
                RemovalsDone = Settings.OnRecordDeleted != RecordDeletedAction.RemoveFromList,
                RemovalCursorAt = (status.LastSuccessRunStartedAt ?? definition.CreatedAt) - o.Overlap,
                RemovalCursorId = null,
                RemovedContacts = 0,
            };
        }

        var target = await OpenAsync(stop);
        if (target is null)
        {
            return;
        }

        await using var keeper = LeaseKeeper.Start(o.Lease, owner.Time, SaveAsync);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stop, keeper.Lost);
        try
        {
            var (plugin, connection, query) = target.Value;
            var waitUntil = await RemoveDeletedAsync(plugin, connection, query, running.Token)
                ?? await SendAllAsync(plugin, connection, query, running.Token);
            if (waitUntil is { } at)
            {
                await ReleaseAsync(status with { WaitingUntil = at }, at, servedRequestsUpTo: null);
                return;
            }
        }
        catch (OperationCanceledException) when (keeper.IsLost)
        {
            SyncRunner.LogLeaseLost(owner.Logger, definition.Id);
            return;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the run goes on from its checkpoint at the next claim, here or on another instance.
            await ReleaseAsync(status, owner.Time.GetUtcNow(), servedRequestsUpTo: null);
            throw;
        }

        var now = owner.Time.GetUtcNow();
        status = status with
        {
            State = SyncState.Idle,
            LastSuccessAt = now,
            LastSuccessRunStartedAt = status.RunStartedAt,
            Cursor = null,
            DoneAfterCursor = null,
            WaitingUntil = null,
        };
        await ReleaseAsync(status, owner.NextRunAfter(definition, now), status.RunStartedAt);
        SyncRunner.LogFinished(owner.Logger, definition.Id, definition.OrgId, status.SyncedContacts, status.FailedContacts);
    }

    /// <summary>The plugin, the connection and the source's query; null (the run recorded as failed) when one is gone.</summary>
    private async Task<(ICampaignToolPlugin Plugin, PluginConnection Connection, AudienceQuery Query)?> OpenAsync(CancellationToken ct)
    {
        var stored = await owner.Connections.GetAsync(definition.OrgId, definition.ConnectionId, ct);
        if (stored is null)
        {
            await FailAsync("the connection was deleted", null);
            return null;
        }

        if (owner.Plugins.Open(stored) is not { } opened)
        {
            await FailAsync($"no plugin for vendor {stored.Vendor} is installed", owner.NextRunAfter(definition, owner.Time.GetUtcNow()));
            return null;
        }

        AudienceQuery query;
        try
        {
            query = await owner.Audiences.ResolveAsync(SyncRunner.CallerOf(definition), Settings.Module, Settings.Source.ToAudience(), ct);
        }
        catch (NotFoundException e)
        {
            await FailAsync(e.Message, owner.NextRunAfter(definition, owner.Time.GetUtcNow()));
            return null;
        }

        return (opened.Plugin, opened.Connection, query);
    }

    /// <summary>
    /// The records a run goes through, in id order: every record of the source, or for an incremental run those updated
    /// since (for a static list, also those that joined it since: joining does not touch the record).
    /// </summary>
    private async IAsyncEnumerable<AudienceMember> MembersAsync(AudienceQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        if (status.Since is not { } since)
        {
            await foreach (var member in owner.AudienceStore.StreamAsync(query, ct))
            {
                yield return member;
            }

            yield break;
        }

        var updated = new FieldFilter(StandardFields.Path(StandardFields.UpdatedTime), FilterOperator.GreaterThan, [FieldValue.Of(since)]);
        var changed = query with { Filter = query.Filter is { } filter ? new AllOf([filter, updated]) : updated };
        if (!query.ListIsStatic)
        {
            await foreach (var member in owner.AudienceStore.StreamAsync(changed, ct))
            {
                yield return member;
            }

            yield break;
        }

        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var member in owner.AudienceStore.StreamAsync(changed, ct))
        {
            ids.Add(member.RecordId);
        }

        string? after = null;
        var joinedSince = since;
        while (true)
        {
            var page = await owner.Subscriptions.SubscribedSinceAsync(definition.OrgId, query.ListId!, joinedSince, after, owner.Options.PageSize, ct);
            ids.UnionWith(page.Select(p => p.RecordId));
            if (page.Count < owner.Options.PageSize)
            {
                break;
            }

            (joinedSince, after) = (page[^1].At, page[^1].RecordId);
        }

        foreach (var chunk in ids.Chunk(owner.Options.PageSize))
        {
            foreach (var member in await owner.AudienceStore.SampleAsync(query with { RecordIds = chunk }, chunk.Length, ct))
            {
                yield return member;
            }
        }
    }

    /// <summary>Sends every record after the cursor, a page at a time; the time to come back when the vendor made it wait.</summary>
    private async Task<DateTimeOffset?> SendAllAsync(ICampaignToolPlugin plugin, PluginConnection connection, AudienceQuery query, CancellationToken ct)
    {
        var page = new List<AudienceMember>(owner.Options.PageSize);
        var answered = new HashSet<string>(status.DoneAfterCursor ?? [], StringComparer.Ordinal);
        await foreach (var member in MembersAsync(query, ct))
        {
            if ((status.Cursor is { } cursor && string.CompareOrdinal(member.RecordId, cursor) <= 0) || answered.Contains(member.RecordId))
            {
                continue;
            }

            page.Add(member);
            if (page.Count == owner.Options.PageSize)
            {
                if (await SendPageAsync(plugin, connection, page, ct) is { } wait)
                {
                    return wait;
                }

                page.Clear();
            }
        }

        return page.Count > 0 ? await SendPageAsync(plugin, connection, page, ct) : null;
    }

    /// <summary>
    /// Sends one page and checkpoints the cursor after the last record of its finished prefix (sent, refused or
    /// excluded); the time to come back when a record must wait (it and those after it are sent again then).
    /// </summary>
    private async Task<DateTimeOffset?> SendPageAsync(ICampaignToolPlugin plugin, PluginConnection connection, List<AudienceMember> page, CancellationToken ct)
    {
        var sendable = page.Where(Included).Select(m => m.RecordId).ToList();
        var optedOut = Settings.ExcludeEmailOptOuts ? page.Where(m => m.Skip == SkipReason.OptedOut).Select(m => m.RecordId).ToList() : [];
        var found = (await owner.Records.GetManyAsync(definition.OrgId, [.. sendable, .. optedOut], ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var changes = sendable.Where(found.ContainsKey).Select((id, i) =>
            new MembershipChange(id, found[id].EmailNormalized, MembershipChangeKind.Subscribe, SyncRunFields.Of(found[id], Settings.Fields), i)).ToList();
        changes.AddRange(OptedOutDuringTheRun(optedOut.Where(found.ContainsKey).Select(id => found[id]), changes.Count));
        var results = new Dictionary<string, MembershipResult>(StringComparer.Ordinal);
        DateTimeOffset? waitUntil = null;
        string? waitDetail = null;
        if (changes.Count > 0)
        {
            try
            {
                foreach (var result in await plugin.ApplyAsync(connection, Settings.RemoteListId, changes, ct))
                {
                    results[result.Change.ContactKey] = result;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Only the exception's kind: a transport's message may quote a request.
                (waitUntil, waitDetail) = (owner.Time.GetUtcNow() + owner.Options.RetryDelay, $"the vendor could not be reached ({e.GetType().Name})");
            }

            await UndoLateOptOutsAsync(plugin, connection, results, ct);
        }

        var next = status;
        List<string> answeredAfter = [];
        foreach (var member in page)
        {
            var result = results.GetValueOrDefault(member.RecordId);
            if (waitUntil is null && result?.Outcome == MembershipOutcome.RetryLater)
            {
                // The earliest time any record of the page may go again; this one and those after it wait for it.
                var earliest = results.Values.Where(x => x.Outcome == MembershipOutcome.RetryLater).Min(x => x.RetryAt);
                (waitUntil, waitDetail) = (earliest ?? owner.Time.GetUtcNow() + owner.Options.RetryDelay, result.Detail);
            }

            if (waitUntil is null)
            {
                next = Count(next, member, result) with { Cursor = member.RecordId };
            }
            else if (result?.Outcome is MembershipOutcome.Applied or MembershipOutcome.Rejected)
            {
                // Answered although an earlier record waits: counted now and passed over when the run goes on.
                next = Count(next, member, result);
                answeredAfter.Add(member.RecordId);
            }
        }

        // What the vendor answered beyond the new cursor: earlier pages' records still ahead of it, and this page's.
        List<string> ahead = [.. (status.DoneAfterCursor ?? []).Where(id => next.Cursor is null || string.CompareOrdinal(id, next.Cursor) > 0), .. answeredAfter];
        next = next with { DoneAfterCursor = ahead.Count > 0 ? ahead : null };

        if (waitUntil is { } at)
        {
            next = next with { LastFailureAt = owner.Time.GetUtcNow(), LastFailureMessage = $"waiting for the vendor until {at:O}: {waitDetail}" };
            SyncRunner.LogWaiting(owner.Logger, definition.Id, at, waitDetail ?? "");
        }

        status = next;
        if (!await SaveAsync(ct))
        {
            throw new OperationCanceledException("the run's lease was lost");
        }

        return waitUntil;
    }

    /// <summary>
    /// Unsubscribes for the page's records that opted out since the run started (the overlap before it too): an
    /// attempt of this run that a kill -9 cut short may have subscribed one after its opt-out was published, and only
    /// this page, sent again from the checkpoint, can tell. A record that was never on the list is marked unsubscribed
    /// there, which is what it asked for.
    /// </summary>
    private IEnumerable<MembershipChange> OptedOutDuringTheRun(IEnumerable<RecipientRecord> optedOut, int firstSequence)
    {
        if (status.RunStartedAt is not { } started)
        {
            return [];
        }

        var since = started - owner.Options.Overlap;
        return optedOut.Where(r => r.EmailOptOut && r.UpdatedAt >= since && r.EmailNormalized.Length > 0)
            .Select((r, i) => MembershipChange.Of(r.Id, r.EmailNormalized, MembershipChangeKind.Unsubscribe, firstSequence + i));
    }

    /// <summary>Whether a record of the source is sent: excluded ones are passed over (and counted nowhere).</summary>
    private bool Included(AudienceMember m) => m.Skip switch
    {
        SkipReason.NoEmail or SkipReason.InvalidEmail or SkipReason.UnsubscribedFromList or SkipReason.Duplicate => false,
        SkipReason.OptedOut => !Settings.ExcludeEmailOptOuts,
        _ => true,
    };

    private static SyncStatus Count(SyncStatus s, AudienceMember member, MembershipResult? result) => result?.Change.Kind == MembershipChangeKind.Unsubscribe ? s : result?.Outcome switch
    {
        MembershipOutcome.Applied => s with { SyncedContacts = s.SyncedContacts + 1, ConfirmationRequests = s.ConfirmationRequests + (result.ConfirmationRequested ? 1 : 0) },
        MembershipOutcome.Rejected => Refused(s, member.RecordId, member.Email, result),
        _ => s,
    };

    /// <summary>A contact the vendor refused: counted, and kept with its reason while fewer than the most kept.</summary>
    private static SyncStatus Refused(SyncStatus s, string recordId, string email, MembershipResult result) => s with
    {
        FailedContacts = s.FailedContacts + 1,
        Failures = s.FailureList.Count < SyncStatus.MaxFailures
            ? [.. s.FailureList, new SyncContactFailure(recordId, email, result.Reason.ToString(), result.Detail ?? "")]
            : s.FailureList,
    };

    /// <summary>
    /// A record that opted out while its subscribe was on the way: the opt-out's own publication may have reached the
    /// vendor before the subscribe did, so it is sent again after it (opt-out anywhere wins).
    /// </summary>
    private async Task UndoLateOptOutsAsync(ICampaignToolPlugin plugin, PluginConnection connection, Dictionary<string, MembershipResult> results, CancellationToken ct)
    {
        if (!Settings.ExcludeEmailOptOuts)
        {
            return;
        }

        var applied = results.Values.Where(r => r.Outcome == MembershipOutcome.Applied && r.Change.Kind == MembershipChangeKind.Subscribe)
            .Select(r => r.Change.ContactKey).ToList();
        var late = (await owner.Records.GetManyAsync(definition.OrgId, applied, ct)).Where(r => r.EmailOptOut).ToList();
        if (late.Count == 0)
        {
            return;
        }

        IReadOnlyList<MembershipResult> undone;
        var changes = late.Select((r, i) => MembershipChange.Of(r.Id, results[r.Id].Change.Email, MembershipChangeKind.Unsubscribe, i)).ToList();
        try
        {
            undone = await plugin.ApplyAsync(connection, Settings.RemoteListId, changes, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var at = owner.Time.GetUtcNow() + owner.Options.RetryDelay;
            undone = [.. changes.Select(c => MembershipResult.Later(c, at, $"the vendor could not be reached ({e.GetType().Name})"))];
        }

        // An unsubscribe that must wait holds its record (and the page after it) back: sent again from the checkpoint,
        // the record is one that opted out during the run, whose unsubscribe goes then.
        foreach (var result in undone.Where(r => r.Outcome == MembershipOutcome.RetryLater))
        {
            results[result.Change.ContactKey] = result;
        }
    }

    private async Task FailAsync(string reason, DateTimeOffset? nextRunAt)
    {
        var now = owner.Time.GetUtcNow();
        SyncRunner.LogFailed(owner.Logger, definition.Id, definition.OrgId, reason);
        await ReleaseAsync(status with { State = SyncState.Failed, Cursor = null, LastFailureAt = now, LastFailureMessage = reason }, nextRunAt, status.RunStartedAt);
    }

    /// <summary>The lease's renewal and the checkpoint: the current status, stored while the lease is held.</summary>
    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        await writes.WaitAsync(ct);
        try
        {
            var now = owner.Time.GetUtcNow();
            return await owner.Store.SaveRunAsync(definition.OrgId, definition.Id, worker, status, now + owner.Options.Lease, ct);
        }
        finally
        {
            writes.Release();
        }
    }

    private async Task ReleaseAsync(SyncStatus final, DateTimeOffset? nextRunAt, DateTimeOffset? servedRequestsUpTo)
    {
        await writes.WaitAsync(CancellationToken.None);
        try
        {
            status = final;
            await owner.Store.ReleaseRunAsync(definition.OrgId, definition.Id, worker, final, nextRunAt, servedRequestsUpTo, CancellationToken.None);
        }
        finally
        {
            writes.Release();
        }
    }
}
