using System.Collections.Frozen;
using System.Text.RegularExpressions;
using MassEmail.Ses.Api;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// The error text stored with a delivery and shown to operators. It names the SES error and, only
/// for errors about the message or the account, SES's explanation: cleaned, shortened, and with
/// anything shaped like an AWS access key id removed (some AWS signature errors echo request data).
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

    public static string Describe(SesApiError error)
    {
        var type = SafeType(error.ErrorType);
        var text = string.IsNullOrEmpty(type)
            ? $"SES answered HTTP {error.HttpStatus}"
            : $"SES {type} (HTTP {error.HttpStatus})";

        if (type is not null && ExplainedTypes.Contains(type) && !string.IsNullOrWhiteSpace(error.Message))
        {
            text += ": " + Clean(error.Message);
        }

        return text;
    }

    // The type is an identifier from the server; keep it to identifier characters and a sane length.
    private static string? SafeType(string? errorType)
    {
        if (errorType is null)
        {
            return null;
        }

        var kept = new string(errorType.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').Take(100).ToArray());
        return kept.Length == 0 ? null : kept;
    }

    private static string Clean(string message)
    {
        var oneLine = ControlCharacters().Replace(message, " ").Trim();
        var redacted = AccessKeyId().Replace(oneLine, "[redacted]");
        return redacted.Length <= MaxMessageLength ? redacted : redacted[..MaxMessageLength] + "…";
    }

    [GeneratedRegex(@"\p{C}+")]
    private static partial Regex ControlCharacters();

    // AWS access key ids: a four-letter type prefix (AKIA long-term, ASIA temporary, ...) and 16+ characters.
    [GeneratedRegex(@"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b")]
    private static partial Regex AccessKeyId();
}
