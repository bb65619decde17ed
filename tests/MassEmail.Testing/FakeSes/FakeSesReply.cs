namespace MassEmail.Testing;

/// <summary>
/// What <see cref="FakeSes"/> answers to one request, shaped like real Amazon SES v2 (status, <c>x-amzn-ErrorType</c>,
/// JSON body, <c>x-amzn-RequestId</c>). SendEmail answers come from <see cref="FakeSesOptions.Decide"/>; GetAccount,
/// STS and container-credential answers from the fake's settable properties.
/// </summary>
public enum FakeSesReply
{
    /// <summary>Waits the accept delay, logs the recipient as delivered, answers 200 with a MessageId (GetAccount: the account).</summary>
    Accept,

    /// <summary>
    /// Logs the recipient as delivered but answers 200 only after <see cref="FakeSesOptions.LateAnswerDelay"/> (longer than
    /// the client's timeout): SES received the request and may have sent the mail, the client never hears it.
    /// </summary>
    AcceptLate,

    /// <summary>429 TooManyRequestsException "Maximum sending rate exceeded."</summary>
    Throttle,

    /// <summary>400 with the type only in the body, namespaced (<c>com.amazonaws.sesv2#ThrottlingException</c>).</summary>
    ThrottleInBody,

    /// <summary>400 LimitExceededException "Daily message quota exceeded." (also answered once <see cref="FakeSesOptions.Max24HourSend"/> is reached).</summary>
    DailyQuotaExceeded,

    /// <summary>500 without an error type.</summary>
    ServerError,

    /// <summary>503 ServiceUnavailable.</summary>
    Unavailable,

    /// <summary>400 MessageRejected about this message only ("Illegal address").</summary>
    MessageRejected,

    /// <summary>400 MessageRejected "Email address is not verified…" naming the From address (unverified From, or the sandbox).</summary>
    NotVerified,

    /// <summary>400 MailFromDomainNotVerifiedException.</summary>
    MailFromDomainNotVerified,

    /// <summary>404 NotFoundException naming the request's configuration set (a mistyped <c>Ses:ConfigurationSetName</c>).</summary>
    ConfigurationSetNotFound,

    /// <summary>400 SendingPausedException.</summary>
    SendingPaused,

    /// <summary>400 AccountSuspendedException.</summary>
    AccountSuspended,

    /// <summary>403 AccessDeniedException naming the operation's IAM action (e.g. <c>ses:GetAccount</c>).</summary>
    AccessDenied,

    /// <summary>403 UnrecognizedClientException whose message echoes an access key id (which must never reach an error text).</summary>
    UnrecognizedClient,

    /// <summary>403 InvalidSignatureException "Signature expired: …" (the caller's clock is off by more than 5 minutes).</summary>
    SignatureExpired,

    /// <summary>403 InvalidSignatureException "Signature not yet current: …" (the caller's clock is ahead by more than 5 minutes).</summary>
    SignatureNotYetCurrent,

    /// <summary>400 BadRequestException.</summary>
    BadRequest,

    /// <summary>200 with an HTML body.</summary>
    Garbage,

    /// <summary>200 with <c>{}</c>: no MessageId.</summary>
    NoMessageId,

    /// <summary>The request is read in full, then the connection is aborted before any answer.</summary>
    Abort,
}
