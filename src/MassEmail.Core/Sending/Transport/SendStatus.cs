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

    /// <summary>
    /// Nothing the send holds can go out as configured, so every further message would fail the same way: the account
    /// cannot send (SES SendingPaused / AccountSuspended, credentials missing or refused), or the send's setup is refused (configuration set not found, From not verified, N identical rejections in a row).
    /// The message was not sent: the whole send pauses with <see cref="SendResult.Error"/> as the reason.
    /// </summary>
    AccountPaused,

    /// <summary>
    /// The provider account's rolling 24-hour quota is used up (SES "Daily message quota exceeded"). The message was not
    /// sent: the whole send pauses with <see cref="SendResult.Error"/> in its reason, and resumes by itself once the
    /// provider reports room again (<see cref="ProviderQuotaResumer"/>), as the window moves on.
    /// </summary>
    QuotaExhausted,
}
