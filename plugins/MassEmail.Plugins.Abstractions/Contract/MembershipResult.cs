namespace MassEmail.Plugins.Abstractions;

/// <summary>The result of one <see cref="MembershipChange"/>.</summary>
/// <param name="RetryAt">For <see cref="MembershipOutcome.RetryLater"/>: the earliest time worth trying again.</param>
/// <param name="Detail">The vendor's words (code and message), never a secret.</param>
/// <param name="ConfirmationRequested">The vendor sent the contact a confirmation mail (a Zoho list with a signup form):
/// the contact joins only once it confirms, which the sync status shows.</param>
public sealed record MembershipResult(
    MembershipChange Change,
    MembershipOutcome Outcome,
    RejectionReason Reason = RejectionReason.None,
    string? Detail = null,
    DateTimeOffset? RetryAt = null,
    bool ConfirmationRequested = false)
{
    public static MembershipResult Applied(MembershipChange change, bool confirmationRequested = false) =>
        new(change, MembershipOutcome.Applied, ConfirmationRequested: confirmationRequested);

    public static MembershipResult Rejected(MembershipChange change, RejectionReason reason, string detail) =>
        new(change, MembershipOutcome.Rejected, reason, detail);

    public static MembershipResult Later(MembershipChange change, DateTimeOffset retryAt, string detail) =>
        new(change, MembershipOutcome.RetryLater, Detail: detail, RetryAt: retryAt);
}
