using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>One recipient of a send: a row of the immutable audience snapshot and its outcome.</summary>
/// <param name="Skip">Why the row is SKIPPED (snapshot or send-time checks); None otherwise.</param>
/// <param name="ClaimedBy">The worker holding the row while CLAIMED.</param>
public sealed record Delivery(
    string Id,
    string OrgId,
    string SendId,
    string RecordId,
    string Email,
    DeliveryState State,
    SkipReason Skip,
    int Attempts,
    string? ClaimedBy,
    DateTimeOffset? LeaseUntil,
    string MessageId,
    string Error,
    DateTimeOffset UpdatedAt);
