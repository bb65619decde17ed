namespace MassEmail.Core.Recipients.Audience;

/// <summary>
/// Why a record of an audience gets no email. When several apply, the first in this order is reported.
/// </summary>
public enum SkipReason
{
    None = 0,
    NoEmail = 1,
    InvalidEmail = 2,
    OptedOut = 3,
    UnsubscribedFromList = 4,

    /// <summary>Another record of the audience with a smaller id has the same address (case-insensitive).</summary>
    Duplicate = 5,

    /// <summary>The address is on the organisation's suppression list (filled in by the send pipeline, at snapshot and at dispatch).</summary>
    Suppressed = 6,

    /// <summary>The day's bulk quota ran out while the send's snapshot was written (the audience grew after the start).</summary>
    QuotaExceeded = 7,
}
