using MassEmail.Core.Email;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// What a claimed batch needs to know about its recipients, read fresh in a few bulk queries just
/// before sending: their records (an opt-out since the snapshot wins), their states on the send's
/// list, whether their addresses are suppressed, and their owners.
/// </summary>
internal sealed class BatchLookups
{
    private readonly Dictionary<string, RecipientRecord> records;
    private readonly HashSet<string> unsubscribed;
    private readonly Dictionary<string, User> owners;
    private readonly IReadOnlySet<string> suppressed;

    private BatchLookups(
        Dictionary<string, RecipientRecord> records, HashSet<string> unsubscribed, Dictionary<string, User> owners, IReadOnlySet<string> suppressed)
    {
        this.records = records;
        this.unsubscribed = unsubscribed;
        this.owners = owners;
        this.suppressed = suppressed;
    }

    public static async Task<BatchLookups> LoadAsync(
        string orgId, string? listId, IReadOnlyList<Delivery> claimed, IRecordStore recordStore, IListSubscriptionStore subscriptions, IUserStore users,
        ISuppressionStore suppressions, CancellationToken ct)
    {
        List<string> ids = [.. claimed.Select(d => d.RecordId).Distinct(StringComparer.Ordinal)];
        var records = (await recordStore.GetManyAsync(orgId, ids, ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var unsubscribed = listId is null
            ? []
            : (await subscriptions.GetManyAsync(orgId, listId, ids, ct))
                .Where(s => s.State == SubscriptionState.Unsubscribed).Select(s => s.RecordId).ToHashSet(StringComparer.Ordinal);
        var owners = new Dictionary<string, User>(StringComparer.Ordinal);
        foreach (var ownerId in records.Values.Select(r => r.OwnerUserId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await users.GetAsync(orgId, ownerId, ct) is { } owner)
            {
                owners[ownerId] = owner;
            }
        }

        List<string> keys = [.. claimed.Select(d => SuppressionService.KeyOf(d.Email)).Distinct(StringComparer.Ordinal)];
        var suppressed = await suppressions.FindSuppressedAsync(orgId, keys, ct);
        return new BatchLookups(records, unsubscribed, owners, suppressed);
    }

    /// <summary>The delivery's record, or why it must be skipped now (with the details, if any).</summary>
    public (RecipientRecord? Record, SkipReason Skip, string Detail) Check(Delivery delivery)
    {
        if (!records.TryGetValue(delivery.RecordId, out var record))
        {
            return (null, SkipReason.NoEmail, "the record was deleted");
        }

        // Rows snapshotted by an earlier build may hold an address the parser refuses now: one whose invisible
        // characters the IDNA mapping dropped. While the record still has the row's address, the address as the
        // record gave it is what is checked, since the row only holds the mapped form.
        var given = string.Equals(record.EmailNormalized, delivery.Email, StringComparison.Ordinal) ? record.Email : delivery.Email;
        if (!EmailAddressParser.IsValid(given, out var error))
        {
            return (record, SkipReason.InvalidEmail, error);
        }

        return record.EmailOptOut ? (record, SkipReason.OptedOut, "")
            : unsubscribed.Contains(record.Id) ? (record, SkipReason.UnsubscribedFromList, "")
            : suppressed.Contains(SuppressionService.KeyOf(delivery.Email)) ? (record, SkipReason.Suppressed, "")
            : (record, SkipReason.None, "");
    }

    public User? OwnerOf(RecipientRecord record) => record.OwnerUserId is { } id ? owners.GetValueOrDefault(id) : null;
}
