using MassEmail.Core.Consent;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Suppressions;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Turns a vendor's opt-outs into local ones: an unsubscribe or a spam complaint opts out every candidate and contact of
/// the organisation with that address (a consent change with source <c>plugin</c>, which the outbox then publishes to
/// the other connected vendors) or, when the remote list is synced only from local lists, unsubscribes them from those
/// lists (leaving a list there is leaving the list here, and our own list unsubscription read back must not become a
/// global opt-out); a bounce puts the address on the organisation's suppression list (reason bounce), which every send
/// skips. Records already opted out (or already off the list) are left as they are, so applying a page again changes
/// nothing. Nothing here ever lifts an opt-out or joins a list: a contact the vendor shows subscribed again stays out.
/// </summary>
public sealed class RemoteOptOutApplier(IRecordStore records, IListSubscriptionStore subscriptions, ConsentService consent, SuppressionService suppressions)
{
    private const int SearchPage = 200;
    private static readonly RecordModule[] SyncedModules = [RecordModule.Candidates, RecordModule.Contacts];

    /// <summary>Applies one page; how many records were opted out (or unsubscribed) by it.</summary>
    /// <param name="localLists">The local lists the remote list is synced from when it is synced from lists only; empty: opt out.</param>
    public async Task<int> ApplyAsync(string orgId, string connectionId, IReadOnlyList<string> localLists, IReadOnlyList<RemoteOptOut> optOuts, CancellationToken ct)
    {
        var optedOut = 0;
        foreach (var optOut in optOuts)
        {
            if (optOut.Kind == RemoteOptOutKind.Bounced)
            {
                try
                {
                    await suppressions.SuppressAsync(orgId, optOut.Email, SuppressionReason.Bounce, ConsentSource.Plugin, $"bounce reported by connection {connectionId}", ct);
                }
                catch (ValidationException)
                {
                    // Not an address: nothing of ours can carry it.
                }

                continue;
            }

            foreach (var module in SyncedModules)
            {
                foreach (var record in await WithEmailAsync(orgId, module, optOut.Email, ct))
                {
                    if (localLists.Count == 0)
                    {
                        if (!record.EmailOptOut && await consent.ChangeAsync(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Plugin, ct))
                        {
                            optedOut++;
                        }

                        continue;
                    }

                    // Opted out already: our own opt-out, read back from the list it was published to, adds nothing.
                    foreach (var listId in record.EmailOptOut ? [] : localLists)
                    {
                        if ((await subscriptions.GetAsync(orgId, listId, record.Id, ct))?.State != SubscriptionState.Unsubscribed
                            && await consent.ChangeAsync(orgId, record.Id, listId, ConsentKind.Unsubscribed, ConsentSource.Plugin, ct))
                        {
                            optedOut++;
                        }
                    }
                }
            }
        }

        return optedOut;
    }

    private async Task<List<RecipientRecord>> WithEmailAsync(string orgId, RecordModule module, string email, CancellationToken ct)
    {
        var filter = new FieldFilter(StandardFields.Path(StandardFields.Email), FilterOperator.Equals, [FieldValue.Of(email)]);
        var found = new List<RecipientRecord>();
        string? after = null;
        while (true)
        {
            var page = await records.SearchAsync(new RecordSearch(orgId, module, filter, after, SearchPage), ct);
            found.AddRange(page);
            if (page.Count < SearchPage)
            {
                return found;
            }

            after = page[^1].Id;
        }
    }
}
