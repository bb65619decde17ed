using MassEmail.Core.Consent;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Syncs;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The one place a campaign tool's opt-out becomes local state, the same for an opt-out found by polling
/// (<see cref="OptOutPoller"/>) and one pushed by a webhook (<see cref="WebhookService"/>). For an event at remote list
/// L of connection C, the definitions that count are those of C whose target is L (every definition of C when the
/// vendor names no list, as Zoho's webhooks do); the records are those of the address (by its key, at most
/// <see cref="MaxRecordsPerAddress"/>) in each such definition's module:
/// <list type="bullet">
/// <item>unsubscribed: a definition whose source is a local mailing list takes the record off that list (a list
/// unsubscription); a definition of a view or criteria opts the record out of all email (a global opt-out); both with
/// consent source <c>plugin</c>, history and outbox in one write. No definition targets L: nothing changes;</item>
/// <item>bounced (Mailchimp cleaned, Zoho hard bounce): the address is suppressed in the organisation (reason bounce,
/// source <c>plugin</c>), whatever the definitions;</item>
/// <item>complained (abuse, spam): the address is suppressed (reason complaint) and the records opted out of all email
/// whatever the definitions' sources — the stricter of what the webhook (suppression) and the poller (opt-out) did
/// before they shared this rule.</item>
/// </list>
/// Nothing here lifts an opt-out or joins a list. A record already opted out is left alone (our own opt-out, read
/// back from a list it was published to, adds nothing), as is one already off the list, and a suppression keeps its
/// first entry: applying an event again changes nothing.
/// </summary>
public sealed class RemoteOptOutApplier(IRecordStore records, IListSubscriptionStore subscriptions, ConsentService consent, SuppressionService suppressions)
{
    /// <summary>Most records of one address and module touched per event (the store work of an event stays bounded).</summary>
    public const int MaxRecordsPerAddress = 10;

    /// <summary>The definitions among <paramref name="definitions"/> (a connection's) that target <paramref name="remoteListId"/>; null: every one.</summary>
    public static IReadOnlyList<SyncDefinition> Targeting(IEnumerable<SyncDefinition> definitions, string? remoteListId) =>
        [.. definitions.Where(d => remoteListId is null || string.Equals(d.Settings.RemoteListId, remoteListId, StringComparison.Ordinal))];

    /// <summary>Applies one opt-out of the connection's list; what became of it.</summary>
    /// <param name="targeting">The connection's definitions whose target is the opt-out's remote list (<see cref="Targeting"/>).</param>
    /// <param name="detail">Kept with a suppression (≤ 100 characters), e.g. which connection reported it.</param>
    public async Task<RemoteOptOutResult> ApplyAsync(
        string orgId, IReadOnlyList<SyncDefinition> targeting, RemoteOptOut optOut, string detail, CancellationToken ct)
    {
        string key;
        try
        {
            key = SuppressionService.Parse(optOut.Email, "email").Key;
        }
        catch (ValidationException)
        {
            // Not an address: nothing of ours can carry it.
            return RemoteOptOutResult.Ignored;
        }

        var changes = 0;
        if (optOut.Kind is RemoteOptOutKind.Bounced or RemoteOptOutKind.Complained)
        {
            var reason = optOut.Kind == RemoteOptOutKind.Bounced ? SuppressionReason.Bounce : SuppressionReason.Complaint;
            var (_, added) = await suppressions.SuppressAsync(orgId, optOut.Email, reason, ConsentSource.Plugin, detail.Length > 100 ? detail[..100] : detail, ct);
            changes += added ? 1 : 0;
            if (optOut.Kind == RemoteOptOutKind.Bounced)
            {
                return new RemoteOptOutResult(true, changes);
            }
        }
        else if (targeting.Count == 0)
        {
            return RemoteOptOutResult.Ignored;
        }

        foreach (var module in targeting.Select(d => d.Settings.Module).Distinct())
        {
            var inModule = targeting.Where(d => d.Settings.Module == module).ToList();
            var optOutAll = optOut.Kind == RemoteOptOutKind.Complained || inModule.Any(d => d.Settings.Source.Kind != SyncSourceKind.List);
            var lists = optOut.Kind == RemoteOptOutKind.Complained
                ? []
                : inModule.Where(d => d.Settings.Source.Kind == SyncSourceKind.List).Select(d => d.Settings.Source.Value).Distinct(StringComparer.Ordinal).ToList();
            foreach (var record in await records.FindByEmailKeyAsync(orgId, module, key, MaxRecordsPerAddress, ct))
            {
                changes += await ApplyToRecordAsync(orgId, record, lists, optOutAll, ct);
            }
        }

        return new RemoteOptOutResult(true, changes);
    }

    private async Task<int> ApplyToRecordAsync(string orgId, RecipientRecord record, IReadOnlyList<string> lists, bool optOutAll, CancellationToken ct)
    {
        if (record.EmailOptOut)
        {
            return 0;
        }

        var changes = 0;
        foreach (var listId in lists)
        {
            if ((await subscriptions.GetAsync(orgId, listId, record.Id, ct))?.State != SubscriptionState.Unsubscribed
                && await consent.ChangeAsync(orgId, record.Id, listId, ConsentKind.Unsubscribed, ConsentSource.Plugin, ct))
            {
                changes++;
            }
        }

        if (optOutAll && await consent.ChangeAsync(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Plugin, ct))
        {
            changes++;
        }

        return changes;
    }
}
