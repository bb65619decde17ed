namespace MassEmail.Core.Syncs;

/// <summary>
/// Where polling a campaign tool's opt-outs stands, per (connection, remote list): the vendor's cursor, and the lease
/// of the one instance polling it. The lease and the next poll time are one value (<c>next_at</c>): a claim holds the
/// poll until its lease ends; a release sets the time of the next poll.
/// </summary>
public interface IOptOutPollStore
{
    /// <summary>
    /// Claims the poll for <paramref name="holder"/> until <paramref name="leaseUntil"/> when it is due (never polled,
    /// or its next time or its holder's lease is at or before <paramref name="now"/>); null when it is not due or held.
    /// </summary>
    Task<OptOutPollClaim?> TryClaimAsync(string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Stores the cursor after a page was applied and extends the lease; false (nothing written) when <paramref name="holder"/> lost it.</summary>
    Task<bool> SaveCursorAsync(string orgId, string connectionId, string remoteListId, string holder, string cursor, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Ends <paramref name="holder"/>'s lease; the poll is due again at <paramref name="nextAt"/>.</summary>
    Task ReleaseAsync(string orgId, string connectionId, string remoteListId, string holder, DateTimeOffset nextAt, CancellationToken ct);
}
