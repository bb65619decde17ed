using MassEmail.Core.Consent;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Sending;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.OptOut;

/// <summary>
/// What a recipient's unsubscribe link may do. The signed token is the only authority (no login, no cookie); a token
/// that does not verify, or names a record or organisation that no longer exists, finds nothing and changes nothing,
/// and callers answer both alike, so a link tells nobody whether anything exists.
/// </summary>
public sealed class OptOutService(
    UnsubscribeLinks links, IRecordStore records, IOrganisationStore organisations, IMailingListStore mailingLists,
    IListSubscriptionStore subscriptions, ISuppressionStore suppressions, ConsentService consent, SendUnsubscribes unsubscribes)
{
    /// <summary>What the link's page shows, or null when the token leads nowhere.</summary>
    public async Task<OptOutSubject?> FindAsync(string token, CancellationToken ct)
    {
        if (await links.ReadAsync(token, ct) is not { } target
            || await records.GetAsync(target.OrgId, target.RecordId, ct) is not { } record
            || await organisations.GetAsync(target.OrgId, ct) is not { } org)
        {
            return null;
        }

        var list = target.ListId is null ? null : await mailingLists.GetAsync(target.OrgId, target.ListId, ct);
        var state = list is null ? null : await subscriptions.GetAsync(target.OrgId, list.Id, record.Id, ct);
        return new OptOutSubject(org, record, list, state?.State == SubscriptionState.Unsubscribed, target.SendId);
    }

    /// <summary>Applies the choice at once; false when the token leads nowhere (nothing changed).</summary>
    public async Task<bool> ApplyAsync(string token, OptOutChoice choice, string source, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } subject)
        {
            return false;
        }

        if (choice == OptOutChoice.LeaveList && subject.List is { } list)
        {
            await consent.ChangeAsync(subject.Org.Id, subject.Record.Id, list.Id, ConsentKind.Unsubscribed, source, ct);
        }
        else
        {
            await consent.ChangeAsync(subject.Org.Id, subject.Record.Id, null, ConsentKind.OptedOut, source, ct);
        }

        await unsubscribes.RecordAsync(subject, source, ct);
        return true;
    }

    /// <summary>What the preference page shows, or null when the token leads nowhere. Reads only.</summary>
    public async Task<Preferences?> PreferencesAsync(string token, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } subject)
        {
            return null;
        }

        var orgId = subject.Org.Id;
        var states = (await subscriptions.ListForRecordAsync(orgId, subject.Record.Id, ct)).ToDictionary(s => s.ListId, StringComparer.Ordinal);
        var lists = new List<ListPreference>();
        if (subject.List is { } linked)
        {
            lists.Add(new ListPreference(linked, !subject.LeftList));
        }

        foreach (var list in await mailingLists.ListAsync(orgId, ct))
        {
            if (list.Id != subject.List?.Id && list.Module == subject.Record.Module && states.TryGetValue(list.Id, out var state))
            {
                lists.Add(new ListPreference(list, state.State == SubscriptionState.Subscribed));
            }
        }

        var suppression = subject.Record.EmailKey is { Length: > 0 } key ? await suppressions.GetAsync(orgId, key, ct) : null;
        return new Preferences(subject, lists, subject.Record.EmailOptOut, suppression?.Reason == SuppressionReason.Complaint);
    }

    /// <summary>
    /// Saves the preference page: the lists in <paramref name="subscribedListIds"/> are re-joined (or kept), the other
    /// lists the page showed are left. Re-joining while opted out of all mail needs <paramref name="resumeAllMail"/>, the
    /// recipient's explicit confirmation, which also lifts the opt-out; an address suppressed for a spam complaint can
    /// leave lists but neither re-join nor resume. Nothing changes unless the whole choice is allowed.
    /// </summary>
    public async Task<PreferencesOutcome> SavePreferencesAsync(
        string token, IReadOnlySet<string> subscribedListIds, bool resumeAllMail, CancellationToken ct)
    {
        if (await PreferencesAsync(token, ct) is not { } preferences)
        {
            return PreferencesOutcome.NotFound;
        }

        var rejoin = preferences.Lists.Where(l => !l.Subscribed && subscribedListIds.Contains(l.List.Id)).ToList();
        var leave = preferences.Lists.Where(l => l.Subscribed && !subscribedListIds.Contains(l.List.Id)).ToList();
        var resume = resumeAllMail && preferences.OptedOut;
        if ((rejoin.Count > 0 || resume) && preferences.ComplaintSuppressed)
        {
            return PreferencesOutcome.ComplaintLocked;
        }

        if (rejoin.Count > 0 && preferences.OptedOut && !resume)
        {
            return PreferencesOutcome.ConfirmationNeeded;
        }

        var subject = preferences.Subject;
        foreach (var (list, kind) in leave.Select(l => (l.List, ConsentKind.Unsubscribed)).Concat(rejoin.Select(l => (l.List, ConsentKind.Subscribed))))
        {
            await consent.ChangeAsync(subject.Org.Id, subject.Record.Id, list.Id, kind, OptOutSource.PreferencePage, ct);
        }

        if (resume)
        {
            await consent.ChangeAsync(subject.Org.Id, subject.Record.Id, null, ConsentKind.OptedIn, OptOutSource.PreferencePage, ct);
        }

        if (leave.Count > 0)
        {
            await unsubscribes.RecordAsync(subject, OptOutSource.PreferencePage, ct);
        }

        return PreferencesOutcome.Saved;
    }
}
