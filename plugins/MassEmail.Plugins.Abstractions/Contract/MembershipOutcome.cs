namespace MassEmail.Plugins.Abstractions;

/// <summary>What became of one change.</summary>
public enum MembershipOutcome
{
    /// <summary>The vendor holds the change (including "already in list").</summary>
    Applied = 1,

    /// <summary>The vendor will never take this change as it is (invalid address, contact opted out remotely…): do not retry.</summary>
    Rejected = 2,

    /// <summary>Not done now (window, lock, outage, throttling): try again at <see cref="MembershipResult.RetryAt"/>.</summary>
    RetryLater = 3,
}
