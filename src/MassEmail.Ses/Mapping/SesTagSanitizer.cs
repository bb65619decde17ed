using MassEmail.Ses.Api.Model;

namespace MassEmail.Ses.Mapping;

/// <summary>
/// Makes message tags acceptable to SES, whose API reference allows only ASCII letters, digits, '_'
/// and '-' (at most 256 characters) in tag names and values. Anything else becomes '_': a tag is for
/// grouping SES events, so a slightly altered value beats SES rejecting the whole message.
/// </summary>
internal static class SesTagSanitizer
{
    internal const int MaxLength = 256;

    public static IReadOnlyList<SesMessageTag>? ToTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var result = new List<SesMessageTag>(tags.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in tags)
        {
            var cleanName = Sanitize(name);
            // SES refuses a message with the same tag twice; two names that sanitise alike keep the first.
            if (names.Add(cleanName))
            {
                result.Add(new SesMessageTag(cleanName, Sanitize(value)));
            }
        }

        return result;
    }

    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            // Both parts are required and may not be empty.
            return "_";
        }

        var length = Math.Min(value.Length, MaxLength);
        return string.Create(length, value, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
    }
}
