namespace MassEmail.Testing;

/// <summary>What <see cref="FakeSes"/> answers to one SendEmail attempt.</summary>
public enum FakeSesReply
{
    /// <summary>Waits the fake's accept delay, logs the recipient as delivered, answers 200 with a MessageId.</summary>
    Accept,

    /// <summary>Answers 429 with <c>x-amzn-ErrorType: TooManyRequestsException</c>; nothing is delivered.</summary>
    Throttle,

    /// <summary>Answers 500 without an error type; nothing is delivered.</summary>
    ServerError,

    /// <summary>
    /// Waits <see cref="FakeSesOptions.LateAnswerDelay"/> (longer than the client's timeout), logs the recipient as
    /// delivered and answers 200: SES received the request and may have sent the mail, the client never hears it.
    /// </summary>
    AcceptLate,
}
