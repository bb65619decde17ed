using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Sending;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.OptOut;

/// <summary>
/// What a recipient's unsubscribe link may do. The signed token is the only authority (no login, no cookie); a token
/// that does not verify, or names a record or organisation that no longer exists, finds nothing and changes nothing,
/// and callers answer both alike, so a link tells nobody whether anything exists.
/// </summary>
public sealed class OptOutService(
    UnsubscribeLinks links, IRecordStore records, IOrganisationStore organisations, IMailingListStore lists,
    IListSubscriptionStore subscriptions, TimeProvider time)
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

        var list = target.ListId is null ? null : await lists.GetAsync(target.OrgId, target.ListId, ct);
        var state = list is null ? null : await subscriptions.GetAsync(target.OrgId, list.Id, record.Id, ct);
        return new OptOutSubject(org, record, list, state?.State == SubscriptionState.Unsubscribed);
    }

    /// <summary>Applies the choice at once; false when the token leads nowhere (nothing changed).</summary>
    public async Task<bool> ApplyAsync(string token, OptOutChoice choice, string source, CancellationToken ct)
    {
        if (await FindAsync(token, ct) is not { } subject)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (choice == OptOutChoice.LeaveList && subject.List is { } list)
        {
            await subscriptions.SetAsync(new ListSubscription(subject.Org.Id, list.Id, subject.Record.Id, SubscriptionState.Unsubscribed, source, now), ct);
        }
        else
        {
            await records.SetEmailOptOutAsync(subject.Org.Id, subject.Record.Id, true, now, ct);
        }

        return true;
    }
}
