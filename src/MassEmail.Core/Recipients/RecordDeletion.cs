namespace MassEmail.Core.Recipients;

/// <summary>
/// What is left of a deleted record (a tombstone), written by <see cref="IRecordStore.DeleteAsync"/> with the delete
/// itself and kept for <see cref="Retention"/>: what a campaign-tool sync needs to take the contact off its remote list
/// ("when a record is deleted: remove from list") after the record is gone.
/// </summary>
/// <param name="Email">The normalised address; empty when the record had no valid one.</param>
/// <param name="EmailKey">The case-folded address (see <see cref="RecipientRecord.EmailKey"/>); empty when none.</param>
/// <param name="EmailOptOut">The record was opted out when deleted.</param>
/// <param name="SubscribedListIds">The lists the record was subscribed to when deleted, in id order.</param>
public sealed record RecordDeletion(
    string OrgId,
    string RecordId,
    RecordModule Module,
    string Email,
    string EmailKey,
    bool EmailOptOut,
    IReadOnlyList<string> SubscribedListIds,
    DateTimeOffset DeletedAt)
{
    /// <summary>How long a tombstone is kept: a full resync removes records deleted within this long.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>The tombstone of <paramref name="record"/> deleted at <paramref name="at"/>.</summary>
    public static RecordDeletion Of(RecipientRecord record, IEnumerable<string> subscribedListIds, DateTimeOffset at) => new(
        record.OrgId, record.Id, record.Module, record.EmailNormalized, record.EmailKey, record.EmailOptOut,
        [.. subscribedListIds.Order(StringComparer.Ordinal)], at);
}
