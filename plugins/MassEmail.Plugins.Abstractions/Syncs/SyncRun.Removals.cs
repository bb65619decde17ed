using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Syncs;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The first part of a run whose definition says "when a record is deleted: remove from list": the module's record
/// deletions since the last successful run started (the overlap before it too; for a first run, since the definition
/// was created), read from their tombstones by time then record id, each taken off the remote list. A deletion is
/// passed over when the record had no address, was opted out (its vendor opt-out must stay: removing it would let the
/// address be added again), was not on a static source list, or when a live record of the module has the address
/// (its own state decides). Checkpointed like the records that follow, so a wait or a crash repeats at most a page
/// (a removal repeated is applied again: nothing changes).
/// </summary>
internal sealed partial class SyncRun
{
    private async Task<DateTimeOffset?> RemoveDeletedAsync(ICampaignToolPlugin plugin, PluginConnection connection, AudienceQuery query, CancellationToken ct)
    {
        var size = owner.Options.PageSize;
        while (!status.RemovalsDone && status.RemovalCursorAt is { } since)
        {
            var page = await owner.Records.DeletedSinceAsync(definition.OrgId, Settings.Module, since, status.RemovalCursorId, size, ct);
            var changes = await RemovalsAsync(page, query, ct);
            var results = changes.Count == 0 ? [] : await ApplyRemovalsAsync(plugin, connection, changes, ct);
            var next = status;
            DateTimeOffset? waitUntil = null;
            foreach (var deletion in page)
            {
                var result = results.FirstOrDefault(r => r.Change.ContactKey == deletion.RecordId);
                if (result?.Outcome == MembershipOutcome.RetryLater)
                {
                    waitUntil = results.Where(r => r.Outcome == MembershipOutcome.RetryLater).Min(r => r.RetryAt) ?? owner.Time.GetUtcNow() + owner.Options.RetryDelay;
                    next = next with { LastFailureAt = owner.Time.GetUtcNow(), LastFailureMessage = $"waiting for the vendor until {waitUntil:O}: {result.Detail}" };
                    SyncRunner.LogWaiting(owner.Logger, definition.Id, waitUntil.Value, result.Detail ?? "");
                    break;
                }

                next = CountRemoval(next, deletion, result) with { RemovalCursorAt = deletion.DeletedAt, RemovalCursorId = deletion.RecordId };
            }

            status = waitUntil is null && page.Count < size ? next with { RemovalsDone = true } : next;
            if (!await SaveAsync(ct))
            {
                throw new OperationCanceledException("the run's lease was lost");
            }

            if (waitUntil is not null)
            {
                return waitUntil;
            }
        }

        return null;
    }

    /// <summary>The removals a page of deletions makes: one per address, in the page's order.</summary>
    private async Task<List<MembershipChange>> RemovalsAsync(IReadOnlyList<RecordDeletion> page, AudienceQuery query, CancellationToken ct)
    {
        var candidates = page.Where(d => d.Email.Length > 0 && !d.EmailOptOut
            && (!query.ListIsStatic || query.ListId is not { } list || d.SubscribedListIds.Contains(list, StringComparer.Ordinal))).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        // A record a crash left undeleted (its delete repeated later leaves a newer tombstone) is still synced as it is.
        var alive = (await owner.Records.GetManyAsync(definition.OrgId, [.. candidates.Select(d => d.RecordId)], ct)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var changes = new List<MembershipChange>();
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deletion in candidates.Where(d => !alive.Contains(d.RecordId)))
        {
            // An address another record of the module has now is that record's: whatever its state, it decides. (At
            // Zoho a removal is an unsubscribe, which the opt-out poller reads back and would apply to that record.)
            if (addresses.Add(deletion.EmailKey)
                && (await owner.Records.FindByEmailKeyAsync(definition.OrgId, Settings.Module, deletion.EmailKey, 1, ct)).Count == 0)
            {
                changes.Add(MembershipChange.Of(deletion.RecordId, deletion.Email, MembershipChangeKind.Remove, changes.Count));
            }
        }

        return changes;
    }

    private async Task<IReadOnlyList<MembershipResult>> ApplyRemovalsAsync(
        ICampaignToolPlugin plugin, PluginConnection connection, List<MembershipChange> changes, CancellationToken ct)
    {
        try
        {
            return await plugin.ApplyAsync(connection, Settings.RemoteListId, changes, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Only the exception's kind: a transport's message may quote a request.
            var at = owner.Time.GetUtcNow() + owner.Options.RetryDelay;
            return [.. changes.Select(c => MembershipResult.Later(c, at, $"the vendor could not be reached ({e.GetType().Name})"))];
        }
    }

    private static SyncStatus CountRemoval(SyncStatus s, RecordDeletion deletion, MembershipResult? result) => result?.Outcome switch
    {
        MembershipOutcome.Applied => s with { RemovedContacts = s.RemovedContacts + 1 },
        MembershipOutcome.Rejected => Refused(s, deletion.RecordId, deletion.Email, result),
        _ => s,
    };
}
