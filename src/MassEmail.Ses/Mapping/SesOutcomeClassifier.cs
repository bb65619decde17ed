using System.Collections.Frozen;
using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// Maps an SES error answer to what the send pipeline does next. The AWS error code decides when
/// there is one (SES throttles with 429 or with 400 ThrottlingException); the HTTP status otherwise.
/// Errors that would fail every further message the same way (the account, the credentials, the
/// configuration set, an unverified From) pause the send with a cause instead of failing each recipient
/// one by one; the daily quota used up pauses it until the 24-hour window has room again.
/// </summary>
internal static class SesOutcomeClassifier
{
    private const string Credentials =
        "SES refused the AWS credentials or their permissions (check the IAM policy allows ses:SendEmail in this region)";

    private static readonly FrozenDictionary<string, SesOutcome> ByErrorType = new Dictionary<string, SesOutcome>
    {
        // Too fast: slow down and retry later. (The daily quota comes with a throttling type too: see DailyQuota.)
        ["TooManyRequestsException"] = new(SendStatus.Throttled),
        ["LimitExceededException"] = new(SendStatus.Throttled),
        ["ThrottlingException"] = new(SendStatus.Throttled),
        ["Throttling"] = new(SendStatus.Throttled),

        // The account cannot send: every further message would fail the same way.
        ["SendingPausedException"] = new(SendStatus.AccountPaused,
            "sending is paused for the SES account in this region (SES SendingEnabled is false); re-enable it, then resume the send"),
        ["AccountSuspendedException"] = new(SendStatus.AccountPaused,
            "the SES account is suspended in this region; resolve it with AWS, then resume the send"),

        // Authentication and authorisation (AWS common errors). Failing every recipient of a mass send
        // because of a wrong key or policy would be wrong; pausing names the problem for the operator.
        ["AccessDeniedException"] = new(SendStatus.AccountPaused, Credentials),
        ["AccessDenied"] = new(SendStatus.AccountPaused, Credentials),
        ["UnrecognizedClientException"] = new(SendStatus.AccountPaused, Credentials),
        ["InvalidClientTokenId"] = new(SendStatus.AccountPaused, Credentials),
        ["InvalidSignatureException"] = new(SendStatus.AccountPaused, Credentials),
        ["SignatureDoesNotMatch"] = new(SendStatus.AccountPaused, Credentials),
        ["IncompleteSignature"] = new(SendStatus.AccountPaused, Credentials),
        ["IncompleteSignatureException"] = new(SendStatus.AccountPaused, Credentials),
        ["MissingAuthenticationToken"] = new(SendStatus.AccountPaused, Credentials),
        ["MissingAuthenticationTokenException"] = new(SendStatus.AccountPaused, Credentials),
        ["ExpiredToken"] = new(SendStatus.AccountPaused, Credentials),
        ["ExpiredTokenException"] = new(SendStatus.AccountPaused, Credentials),
        ["RequestExpired"] = new(SendStatus.AccountPaused, Credentials),
        ["NotAuthorized"] = new(SendStatus.AccountPaused, Credentials),
        ["OptInRequired"] = new(SendStatus.AccountPaused, Credentials),

        // The send's setup is wrong, not the recipient: SendEmail names no other resource than the configuration set.
        ["NotFoundException"] = new(SendStatus.AccountPaused,
            "the SES configuration set the messages name does not exist in this region (check Ses:ConfigurationSetName)"),
        ["MailFromDomainNotVerifiedException"] = new(SendStatus.AccountPaused,
            "the custom MAIL FROM domain of the sending identity is not verified in SES (check its MX and SPF records)"),

        // This message cannot be sent as it is: fail the delivery, do not retry.
        ["MessageRejected"] = new(SendStatus.Rejected),
        ["BadRequestException"] = new(SendStatus.Rejected),
        ["ValidationException"] = new(SendStatus.Rejected),

        // SES itself failed: retry with back-off.
        ["InternalFailure"] = new(SendStatus.TransientError),
        ["InternalServiceErrorException"] = new(SendStatus.TransientError),
        ["InternalServerError"] = new(SendStatus.TransientError),
        ["ServiceUnavailable"] = new(SendStatus.TransientError),
        ["ServiceUnavailableException"] = new(SendStatus.TransientError),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly SesOutcome DailyQuota = new(SendStatus.QuotaExhausted,
        "the SES account's 24-hour sending quota is used up (SentLast24Hours reached Max24HourSend); raise the quota to go on sooner");

    private static readonly SesOutcome NotVerified = new(SendStatus.AccountPaused,
        "SES refused an address as not verified: the From address or its domain is not a verified SES identity in this region, "
        + "or the account is in the SES sandbox (verified recipients only)");

    private static readonly SesOutcome ClockSkew = new(SendStatus.AccountPaused,
        "SES refused the request signature as expired or not yet valid: this server's clock is more than 5 minutes off (synchronise it with NTP)");

    public static SesOutcome Classify(SesApiError error)
    {
        // Matched on SES's words, whatever the type: SES v1 sends it as Throttling, v2 as a throttling or limit type.
        if (Says(error, "Daily message quota exceeded"))
        {
            return DailyQuota;
        }

        if (SesErrorText.IsClockSkew(error.Message))
        {
            return ClockSkew;
        }

        if (error.ErrorType is { } type && ByErrorType.TryGetValue(type, out var outcome))
        {
            return type.Equals("MessageRejected", StringComparison.OrdinalIgnoreCase) && Says(error, "Email address is not verified")
                ? NotVerified
                : outcome;
        }

        return error.HttpStatus switch
        {
            429 => new(SendStatus.Throttled),
            401 or 403 => new(SendStatus.AccountPaused, Credentials),
            >= 500 => new(SendStatus.TransientError),
            >= 400 => new(SendStatus.Rejected),
            // SES never answers 1xx/3xx (redirects are not followed: they would go out unsigned); some
            // proxy in between did, so SES never saw the request.
            _ => new(SendStatus.TransientError),
        };
    }

    private static bool Says(SesApiError error, string words) =>
        error.Message?.Contains(words, StringComparison.OrdinalIgnoreCase) == true;
}
