using System.Buffers;
using System.Globalization;
using System.Text;

namespace MassEmail.Core.Email;

/// <summary>
/// Finds characters a reader cannot see or that reorder the text around them: Unicode format
/// characters (category Cf: zero-width space and joiners, soft hyphen, word joiner, byte order mark,
/// the bidirectional embeddings, overrides, isolates and marks, tags) and the other default-ignorable
/// code points (variation selectors, Hangul fillers, combining grapheme joiner). In an address they
/// make two different strings look alike, and the IDNA mapping silently drops several of them, so
/// <c>user@exam&lt;U+200B&gt;ple.com</c> would be mailed to <c>user@example.com</c>; in a display name the
/// direction controls make <c>moc.evil</c> read as <c>live.com</c>.
/// </summary>
public static class InvisibleCharacters
{
    private const int ZeroWidthNonJoiner = 0x200C, ZeroWidthJoiner = 0x200D;

    // The default-ignorable code points outside category Cf (DerivedCoreProperties.txt, Unicode 16).
    private static readonly (int First, int Last)[] OtherIgnorable =
    [
        (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x2065, 0x2065),
        (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF),
    ];

    /// <summary>
    /// The first such character of <paramref name="text"/>, described for an error message, e.g.
    /// <c>an invisible character U+200B at position 9</c> (positions count characters from 0).
    /// </summary>
    /// <param name="allowJoiners">
    /// Lets U+200C and U+200D pass: they are part of how Persian and Indic names and emoji sequences are
    /// written, and they can neither hide a character nor reorder text. Addresses never allow them.
    /// </param>
    public static bool TryFind(ReadOnlySpan<char> text, bool allowJoiners, out string found)
    {
        found = "";
        if (Ascii.IsValid(text))
        {
            return false;
        }

        var position = 0;
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != OperationStatus.Done)
            {
                found = $"a broken character (lone surrogate U+{(int)text[0]:X4}) at position {position}";
                return true;
            }

            if (IsDirectionControl(rune.Value))
            {
                found = $"a direction-changing character U+{rune.Value:X4} at position {position}";
                return true;
            }

            if (IsInvisible(rune) && !(allowJoiners && rune.Value is ZeroWidthNonJoiner or ZeroWidthJoiner))
            {
                found = $"an invisible character U+{rune.Value:X4} at position {position}";
                return true;
            }

            text = text[used..];
            position++;
        }

        return false;
    }

    /// <summary>The bidirectional marks, embeddings, overrides and isolates (all of category Cf).</summary>
    private static bool IsDirectionControl(int c) => c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static bool IsInvisible(Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
        {
            return true;
        }

        foreach (var (first, last) in OtherIgnorable)
        {
            if (rune.Value >= first && rune.Value <= last)
            {
                return true;
            }
        }

        return false;
    }
}
