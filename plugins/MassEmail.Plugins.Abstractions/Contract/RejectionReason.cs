namespace MassEmail.Plugins.Abstractions;

/// <summary>Why a change was rejected, for the worker to act on (the text in <see cref="MembershipResult.Detail"/> is for people).</summary>
public enum RejectionReason
{
    None = 0,

    /// <summary>The vendor (or the local check) refuses the address.</summary>
    InvalidEmail = 1,

    /// <summary>
    /// The vendor holds the contact as opted out and will not resubscribe it (Mailchimp's "Member In Compliance State"):
    /// opt-out anywhere wins, so the worker records a local opt-out rather than asking for a re-opt-in.
    /// </summary>
    RemotelyOptedOut = 2,

    /// <summary>The remote list does not exist (any more).</summary>
    UnknownList = 3,

    /// <summary>Anything else the vendor refuses for good.</summary>
    Other = 4,
}
