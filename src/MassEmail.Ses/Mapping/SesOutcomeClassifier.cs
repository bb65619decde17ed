using System.Collections.Frozen;
using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// Maps an SES error answer to what the send pipeline does next. The AWS error code decides when
/// there is one (SES throttles with 429 or with 400 ThrottlingException); the HTTP status otherwise.
/// </summary>
internal static class SesOutcomeClassifier
{
    private static readonly FrozenDictionary<string, SendStatus> ByErrorType = new Dictionary<string, SendStatus>
    {
        // Too fast, or the 24-hour quota is used up: slow down and retry later.
        ["TooManyRequestsException"] = SendStatus.Throttled,
        ["LimitExceededException"] = SendStatus.Throttled,
        ["ThrottlingException"] = SendStatus.Throttled,
        ["Throttling"] = SendStatus.Throttled,

        // The account cannot send: every further message would fail the same way.
        ["SendingPausedException"] = SendStatus.AccountPaused,
        ["AccountSuspendedException"] = SendStatus.AccountPaused,

        // Authentication and authorisation (AWS common errors). Failing every recipient of a mass send
        // because of a wrong key or policy would be wrong; pausing names the problem for the operator.
        ["AccessDeniedException"] = SendStatus.AccountPaused,
        ["AccessDenied"] = SendStatus.AccountPaused,
        ["UnrecognizedClientException"] = SendStatus.AccountPaused,
        ["InvalidClientTokenId"] = SendStatus.AccountPaused,
        ["InvalidSignatureException"] = SendStatus.AccountPaused,
        ["SignatureDoesNotMatch"] = SendStatus.AccountPaused,
        ["IncompleteSignature"] = SendStatus.AccountPaused,
        ["IncompleteSignatureException"] = SendStatus.AccountPaused,
        ["MissingAuthenticationToken"] = SendStatus.AccountPaused,
        ["MissingAuthenticationTokenException"] = SendStatus.AccountPaused,
        ["ExpiredToken"] = SendStatus.AccountPaused,
        ["ExpiredTokenException"] = SendStatus.AccountPaused,
        ["RequestExpired"] = SendStatus.AccountPaused,
        ["NotAuthorized"] = SendStatus.AccountPaused,
        ["OptInRequired"] = SendStatus.AccountPaused,

        // This message cannot be sent as it is: fail the delivery, do not retry.
        ["MessageRejected"] = SendStatus.Rejected,
        ["MailFromDomainNotVerifiedException"] = SendStatus.Rejected,
        ["BadRequestException"] = SendStatus.Rejected,
        ["NotFoundException"] = SendStatus.Rejected,
        ["ValidationException"] = SendStatus.Rejected,

        // SES itself failed: retry with back-off.
        ["InternalFailure"] = SendStatus.TransientError,
        ["InternalServiceErrorException"] = SendStatus.TransientError,
        ["InternalServerError"] = SendStatus.TransientError,
        ["ServiceUnavailable"] = SendStatus.TransientError,
        ["ServiceUnavailableException"] = SendStatus.TransientError,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static SendStatus Classify(SesApiError error)
    {
        if (error.ErrorType is { } type && ByErrorType.TryGetValue(type, out var status))
        {
            return status;
        }

        return error.HttpStatus switch
        {
            429 => SendStatus.Throttled,
            401 or 403 => SendStatus.AccountPaused,
            >= 500 => SendStatus.TransientError,
            >= 400 => SendStatus.Rejected,
            // SES never answers 1xx/3xx (redirects are not followed: they would go out unsigned); some
            // proxy in between did, so SES never saw the request.
            _ => SendStatus.TransientError,
        };
    }
}
