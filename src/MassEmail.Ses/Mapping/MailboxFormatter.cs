using System.Globalization;
using System.Text;
using MassEmail.Core.Templates;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// Writes mailboxes the way SES expects them: <c>"Display Name" &lt;local@domain&gt;</c>, with an
/// ASCII name as an RFC 5322 quoted-string and a non-ASCII name as RFC 2047 encoded-words (SES
/// rejects raw non-ASCII in address fields), and an internationalised domain in Punycode.
/// </summary>
internal static class MailboxFormatter
{
    private const string EncodedWordPrefix = "=?UTF-8?B?";
    private const string EncodedWordSuffix = "?=";

    // RFC 2047 caps an encoded-word at 75 characters: 12 for the delimiters leave 63 for base64,
    // i.e. 15 whole quanta = 45 bytes of UTF-8 per word.
    private const int MaxBytesPerEncodedWord = 45;

    private static readonly IdnMapping Idn = new();

    public static string Format(Mailbox mailbox)
    {
        var address = FormatAddress(mailbox.Address);
        var name = CleanDisplayName(mailbox.DisplayName);
        if (name.Length == 0)
        {
            return address;
        }

        var phrase = Ascii.IsValid(name) ? Quote(name) : EncodeWords(name);
        return $"{phrase} <{address}>";
    }

    /// <summary>A bare address with its domain in Punycode; malformed input is left for SES to reject.</summary>
    public static string FormatAddress(string address)
    {
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at < 0 || Ascii.IsValid(trimmed.AsSpan(at + 1)))
        {
            return trimmed;
        }

        try
        {
            return string.Concat(trimmed.AsSpan(0, at + 1), Idn.GetAscii(trimmed[(at + 1)..]));
        }
        catch (ArgumentException)
        {
            return trimmed;
        }
    }

    // Core already refuses CR/LF in names; replacing every control character here as well means a
    // display name can never start a new header line, whoever calls the transport.
    private static string CleanDisplayName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return "";
        }

        return string.Create(displayName.Length, displayName, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
    }

    private static string Quote(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Base64 encoded-words separated by spaces (ignored between encoded-words when decoding). Words
    /// are cut between whole characters, as RFC 2047 requires, never inside a UTF-8 sequence.
    /// </summary>
    private static string EncodeWords(string name)
    {
        var builder = new StringBuilder();
        var chunk = new List<byte>(MaxBytesPerEncodedWord);
        Span<byte> runeBytes = stackalloc byte[4];

        foreach (var rune in name.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(runeBytes);
            if (chunk.Count + length > MaxBytesPerEncodedWord)
            {
                AppendWord(builder, chunk);
                chunk.Clear();
            }

            chunk.AddRange(runeBytes[..length]);
        }

        AppendWord(builder, chunk);
        return builder.ToString();
    }

    private static void AppendWord(StringBuilder builder, List<byte> chunk)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(EncodedWordPrefix).Append(Convert.ToBase64String(chunk.ToArray())).Append(EncodedWordSuffix);
    }
}
