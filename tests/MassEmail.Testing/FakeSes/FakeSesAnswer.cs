namespace MassEmail.Testing;

/// <summary>
/// The HTTP answer real SES v2 gives for a <see cref="FakeSesReply"/> error: status, the error type as AWS sends it
/// (header <c>x-amzn-ErrorType</c> with AWS's URL suffix, or only in the body) and the JSON body.
/// </summary>
/// <param name="ErrorTypeHeader">The <c>x-amzn-ErrorType</c> header, or null when the type is only in the body (or absent).</param>
internal sealed record FakeSesAnswer(int Status, string? ErrorTypeHeader, string Body)
{
    private const string CoralSuffix = ":http://internal.amazon.com/coral/com.amazon.coral.service/";

    /// <summary>The access key id <see cref="FakeSesReply.UnrecognizedClient"/> echoes, as some AWS errors do.</summary>
    public const string EchoedAccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>The error answer of <paramref name="reply"/>; <paramref name="action"/> is the IAM action (e.g. ses:SendEmail).</summary>
    public static FakeSesAnswer Error(FakeSesReply reply, string action, string from, string? configurationSet) => reply switch
    {
        FakeSesReply.Throttle => Typed(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
        FakeSesReply.ThrottleInBody => new(400, null, """{"__type":"com.amazonaws.sesv2#ThrottlingException","message":"Rate exceeded"}"""),
        FakeSesReply.DailyQuotaExceeded => Typed(400, "LimitExceededException", "Daily message quota exceeded."),
        FakeSesReply.ServerError => new(500, null, """{"message":"Internal failure (fake)."}"""),
        FakeSesReply.Unavailable => Typed(503, "ServiceUnavailable", "Service unavailable"),
        FakeSesReply.MessageRejected => Typed(400, "MessageRejected", "Illegal address"),
        // Real SES puts a line break in this one: the error text must come out on one line.
        FakeSesReply.NotVerified => Typed(400, "MessageRejected",
            $"Email address is not verified.\r\nThe following identities failed the check in region US-EAST-1: {from}"),
        FakeSesReply.MailFromDomainNotVerified => Typed(400, "MailFromDomainNotVerifiedException",
            "The MAIL FROM domain of the identity is not verified."),
        FakeSesReply.ConfigurationSetNotFound => Typed(404, "NotFoundException", $"Configuration set <{configurationSet}> does not exist."),
        FakeSesReply.SendingPaused => Typed(400, "SendingPausedException", "Sending paused for this account."),
        FakeSesReply.AccountSuspended => Typed(400, "AccountSuspendedException", "Account suspended."),
        FakeSesReply.AccessDenied => Typed(403, "AccessDeniedException",
            $"User: arn:aws:iam::123456789012:user/massemail is not authorized to perform: {action} on resource: *"),
        FakeSesReply.UnrecognizedClient => Typed(403, "UnrecognizedClientException",
            $"The security token included in the request is invalid: {EchoedAccessKeyId}"),
        FakeSesReply.SignatureExpired => Typed(403, "InvalidSignatureException",
            "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)"),
        FakeSesReply.SignatureNotYetCurrent => Typed(403, "InvalidSignatureException",
            "Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)"),
        FakeSesReply.BadRequest => Typed(400, "BadRequestException", "Bad request (fake)."),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "not an error answer"),
    };

    private static FakeSesAnswer Typed(int status, string type, string message) =>
        new(status, type + CoralSuffix, System.Text.Json.JsonSerializer.Serialize(new { message }));
}
