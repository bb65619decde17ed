using System.Buffers;
using System.Globalization;
using System.Text;

namespace MassEmail.Core.Email;

/// <summary>
/// Practical RFC 5322 addr-spec validation and normalisation: dot-atom or quoted ASCII local parts,
/// DNS domain names including internationalised ones (stored in Unicode, checked through their
/// punycode form, which the transport sends). No comments, no address literals, no obsolete syntax:
/// those are legal but no recruiting system sends to them.
/// </summary>
/// <remarks>
/// Refused rather than repaired: invisible and direction-changing characters anywhere (the IDNA mapping
/// would drop some of them and so mail a different address than the one given), and non-ASCII local
/// parts (RFC 6531 allows them, but SES, the transport, does not support SMTPUTF8). The error says why,
/// and records keep it as the reason their address is invalid.
/// </remarks>
public static class EmailAddressParser
{
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";
    private static readonly SearchValues<char> AsciiDigits = SearchValues.Create("0123456789");
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Validates <paramref name="input"/>; on success <paramref name="normalized"/> has the domain in lower case.</summary>
    public static bool TryNormalize(string? input, out string normalized, out string error) => Check(input, true, out normalized, out error);

    /// <summary>
    /// Whether <paramref name="input"/> is valid, with the same checks and errors as <see cref="TryNormalize"/>, without
    /// building the normalised form: a valid address with an ASCII domain allocates nothing (a send checks every
    /// recipient's address again).
    /// </summary>
    public static bool IsValid(string? input, out string error) => Check(input, false, out _, out error);

    /// <summary>The key under which two addresses count as the same recipient (case-insensitive).</summary>
    public static string DuplicateKey(string normalized) => normalized.ToLowerInvariant();

    private static bool Check(string? input, bool normalize, out string normalized, out string error)
    {
        normalized = "";
        error = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "is empty";
            return false;
        }

        if (input.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            error = "contains a line break";
            return false;
        }

        if (InvisibleCharacters.TryFind(input, allowJoiners: false, out var found))
        {
            error = "contains " + found;
            return false;
        }

        var text = input.AsSpan().Trim();
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            error = "must have the form local@domain";
            return false;
        }

        var local = text[..at];
        if (!TryCheckLocal(local, out error) || !TryNormalizeDomain(text[(at + 1)..], normalize, out var normalizedDomain, out var domainBytes, out error))
        {
            return false;
        }

        if (local.Length + 1 + domainBytes > 254)
        {
            error = "is longer than 254 bytes";
            return false;
        }

        normalized = normalize ? string.Concat(local, "@", normalizedDomain) : "";
        return true;
    }

    /// <summary>Checks the local part; an ASCII local part (the only kind accepted) has as many bytes as characters.</summary>
    private static bool TryCheckLocal(ReadOnlySpan<char> local, out string error)
    {
        error = "";
        if (Encoding.UTF8.GetByteCount(local) > 64)
        {
            error = "has a local part longer than 64 bytes";
            return false;
        }

        if (!Ascii.IsValid(local))
        {
            error = "has a local part that is not ASCII: SES cannot deliver to it (no SMTPUTF8)";
            return false;
        }

        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            return TryCheckQuoted(local[1..^1], out error);
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            error = "has a misplaced dot in the local part";
            return false;
        }

        foreach (var c in local)
        {
            if (c != '.' && !IsAtext(c))
            {
                error = char.IsWhiteSpace(c) ? "contains a space" : $"contains the character '{c}' in the local part";
                return false;
            }
        }

        return true;
    }

    private static bool TryCheckQuoted(ReadOnlySpan<char> inner, out string error)
    {
        error = "";
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\')
            {
                if (++i == inner.Length || char.IsControl(inner[i]))
                {
                    error = "has a bad escape in the quoted local part";
                    return false;
                }
            }
            else if (c == '"' || (char.IsControl(c) && c != '\t'))
            {
                error = "has an unescaped character in the quoted local part";
                return false;
            }
        }

        return true;
    }

    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || AtextSpecials.Contains(c);

    /// <summary>
    /// Checks the domain; <paramref name="normalized"/> is its stored form (lower case, Unicode labels) when
    /// <paramref name="normalize"/> or when finding it needed the IDNA mapping anyway, and <paramref name="bytes"/> that
    /// form's length in UTF-8.
    /// </summary>
    private static bool TryNormalizeDomain(ReadOnlySpan<char> domain, bool normalize, out string normalized, out int bytes, out string error)
    {
        normalized = "";
        bytes = 0;
        error = "";
        if (domain.EndsWith('.') || domain.StartsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            error = "has a misplaced dot in the domain";
            return false;
        }

        if (!domain.Contains('.'))
        {
            error = "has a domain without a dot";
            return false;
        }

        if (IsPlainAsciiDomain(domain))
        {
            // IdnMapping would change nothing but the case here; it costs most of an address's check. The labels'
            // shape is what IsPlainAsciiDomain checked.
            if (IsNumeric(domain[(domain.LastIndexOf('.') + 1)..]))
            {
                error = "has a numeric top-level domain";
                return false;
            }

            bytes = domain.Length;
            if (normalize)
            {
                Span<char> lower = stackalloc char[domain.Length];
                domain.ToLowerInvariant(lower);
                normalized = new string(lower);
            }

            return true;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain.ToString());
        }
        catch (ArgumentException)
        {
            error = "has an invalid domain";
            return false;
        }

        if (ascii.Length > 253)
        {
            error = "has a domain longer than 253 characters";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels.Any(l => l.Length is 0 or > 63 || l[0] == '-' || l[^1] == '-'))
        {
            error = "has an invalid domain label";
            return false;
        }

        if (IsNumeric(labels[^1]))
        {
            error = "has a numeric top-level domain";
            return false;
        }

        try
        {
            normalized = Idn.GetUnicode(ascii).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // E.g. "ab--cd": GetAscii lets hyphens in the third and fourth place pass, decoding refuses them.
            error = "has an invalid domain";
            return false;
        }

        bytes = Encoding.UTF8.GetByteCount(normalized);
        return true;
    }

    private static bool IsNumeric(ReadOnlySpan<char> label) => !label.ContainsAnyExcept(AsciiDigits);

    /// <summary>
    /// True for a host name that IdnMapping would only lower-case: at most 253 characters in labels of
    /// 1 to 63 ASCII letters, digits and inner hyphens, none with hyphens in the third and fourth place
    /// (A-labels such as <c>xn--mller-kva</c> decode to Unicode, and other such labels are refused).
    /// </summary>
    internal static bool IsPlainAsciiDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 253)
        {
            return false;
        }

        foreach (Range range in domain.Split('.'))
        {
            ReadOnlySpan<char> label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || (label.Length >= 4 && label[2] == '-' && label[3] == '-'))
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
