namespace MassEmail.Core.Sending.Transport;

/// <summary>How a transport attempt ended, as the send pipeline needs to know it.</summary>
public enum SendStatus
{
    /// <summary>Accepted by the provider.</summary>
    Sent,

    /// <summary>Refused for this message for good (e.g. SES MessageRejected): the delivery FAILS, no retry.</summary>
    Rejected,

    /// <summary>Too fast (e.g. SES TooManyRequests / throttling): retry later, and slow the rate limiter down.</summary>
    Throttled,

    /// <summary>A transient provider error (5xx): retry with back-off and jitter.</summary>
    TransientError,

    /// <summary>No answer (timeout, lost connection after sending): the provider may have sent it. Never retried automatically.</summary>
    Unknown,

    /// <summary>The account cannot send now (SES SendingPaused / AccountSuspended): pause the whole send with the reason.</summary>
    AccountPaused,
}
