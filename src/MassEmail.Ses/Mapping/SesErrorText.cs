using System.Collections.Frozen;
using System.Text.RegularExpressions;
using MassEmail.Ses.Api;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// The error text stored with a delivery and shown to operators. It names the SES error and, only
/// for errors about the message or the account, SES's explanation: cleaned, shortened, and with
/// anything shaped like an AWS access key id removed (some AWS signature errors echo request data).
/// It ends with SES's request id, which AWS support asks for.
/// </summary>
internal static partial class SesErrorText
{
    private const int MaxMessageLength = 300;

    private static readonly FrozenSet<string> ExplainedTypes = new[]
    {
        "MessageRejected", "MailFromDomainNotVerifiedException", "BadRequestException", "NotFoundException",
        "ValidationException", "SendingPausedException", "AccountSuspendedException",
        "TooManyRequestsException", "LimitExceededException", "ThrottlingException",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Clock-skew messages of signature errors carry only timestamps, and without them nobody guesses the cause:
    // "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)".
    private static readonly string[] ClockSkewPrefixes = ["Signature expired", "Signature not yet current"];

    public static string Describe(SesApiError error)
    {
        var type = SafeIdentifier(error.ErrorType);
        var text = string.IsNullOrEmpty(type)
            ? $"SES answered HTTP {error.HttpStatus}"
            : $"SES {type} (HTTP {error.HttpStatus})";

        if (!string.IsNullOrWhiteSpace(error.Message) && (type is not null && ExplainedTypes.Contains(type) || IsClockSkew(error.Message)))
        {
            text += ": " + Clean(error.Message);
        }

        return SafeIdentifier(error.RequestId) is { } requestId ? $"{text} [request id {requestId}]" : text;
    }

    /// <summary>True for SES's "Signature expired" / "Signature not yet current" answers: this machine's clock is off.</summary>
    public static bool IsClockSkew(string? message) =>
        message is not null && ClockSkewPrefixes.Any(p => message.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>One line, at most 300 characters, access key ids redacted: safe to store, log and show.</summary>
    public static string Clean(string message)
    {
        var oneLine = ControlCharacters().Replace(message, " ").Trim();
        var redacted = AccessKeyId().Replace(oneLine, "[redacted]");
        return redacted.Length <= MaxMessageLength ? redacted : redacted[..MaxMessageLength] + "…";
    }

    // Types and request ids are identifiers from the server; keep them to identifier characters and a sane length.
    private static string? SafeIdentifier(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var kept = new string(value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').Take(100).ToArray());
        return kept.Length == 0 ? null : kept;
    }

    [GeneratedRegex(@"\p{C}+")]
    private static partial Regex ControlCharacters();

    // AWS access key ids: a four-letter type prefix (AKIA long-term, ASIA temporary, ...) and 16+ characters.
    [GeneratedRegex(@"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b")]
    private static partial Regex AccessKeyId();
}
