using MassEmail.Core.Errors;
using MassEmail.Core.Sending.Transport;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// The SES v2 model's rules for custom headers (<c>Message.Headers</c>, <c>MessageHeader</c>): at most 15 headers;
/// a name of 1 to 126 printable ASCII characters without ':' (pattern <c>^[!-9;-@A-~]+$</c>); a value of 1 to 870
/// printable ASCII characters or spaces (pattern <c>[ -~]*</c>). Older model versions allowed 995 characters (996 with
/// the name); the current one (botocore <c>sesv2</c> <c>MessageHeaderValue</c>, the API reference) allows 870, which
/// both accept. SES refuses a message that breaks them, and since our headers come from configuration (the unsubscribe
/// URL and mailbox) every message of the send would be refused alike: they are checked before sending.
/// </summary>
internal static class SesHeaderRules
{
    internal const int MaxHeaders = 15;
    internal const int MaxNameLength = 126;
    internal const int MaxValueLength = 870;

    /// <summary>What breaks the rules, naming the header (never quoting more than 100 characters of it); null when nothing does.</summary>
    public static string? Problem(IReadOnlyList<MessageHeader> headers)
    {
        if (headers.Count > MaxHeaders)
        {
            return $"{headers.Count} custom headers; SES allows at most {MaxHeaders}";
        }

        foreach (var header in headers)
        {
            var name = Shorten(header.Name);
            if (header.Name.Length is 0 or > MaxNameLength || !header.Name.All(c => c is >= '!' and <= '~' and not ':'))
            {
                return $"the header name \"{name}\" is not 1 to {MaxNameLength} printable ASCII characters without ':'";
            }

            if (header.Value.Length is 0 or > MaxValueLength)
            {
                return $"the value of {name} has {header.Value.Length} characters; SES allows 1 to {MaxValueLength}";
            }

            if (!header.Value.All(c => c is >= ' ' and <= '~'))
            {
                return $"the value of {name} is not printable ASCII (e.g. a non-ASCII unsubscribe URL or mailbox): \"{Shorten(header.Value)}\"";
            }
        }

        return null;
    }

    private static string Shorten(string text) => InputText.Quote(text);
}
