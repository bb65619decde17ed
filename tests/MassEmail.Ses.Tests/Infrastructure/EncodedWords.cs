using System.Text;
using System.Text.RegularExpressions;

namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>A minimal RFC 2047 decoder for the UTF-8 "B" encoded-words the transport writes.</summary>
internal static partial class EncodedWords
{
    public static string Decode(string phrase)
    {
        var words = EncodedWord().Matches(phrase);
        Assert.NotEmpty(words);
        // Whitespace between adjacent encoded-words is not part of the text.
        Assert.Equal(phrase.Trim(), string.Join(' ', words.Select(w => w.Value)));
        return string.Concat(words.Select(w => Encoding.UTF8.GetString(Convert.FromBase64String(w.Groups[1].Value))));
    }

    [GeneratedRegex(@"=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=")]
    private static partial Regex EncodedWord();
}
