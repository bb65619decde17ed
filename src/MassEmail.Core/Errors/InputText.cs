using System.Globalization;
using System.Text;

namespace MassEmail.Core.Errors;

/// <summary>
/// How caller input may appear in an error: at most <see cref="MaxQuoted"/> characters, with line
/// breaks, other control and invisible characters written as <c>\u….</c> escapes. An error that
/// echoed a whole 30 KB field name once made the reply's trailers too big for the client, which then
/// dropped the connection; an error is for telling what was wrong, not for returning the input.
/// </summary>
public static class InputText
{
    /// <summary>Most characters of one input value an error quotes.</summary>
    public const int MaxQuoted = 100;

    /// <summary><paramref name="value"/> made safe to quote: bounded, one line, visible.</summary>
    public static string Quote(string? value, int max = MaxQuoted)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(Math.Min(value.Length, max) + 8);
        var taken = 0;
        for (; taken < value.Length && sb.Length < max; taken++)
        {
            var c = value[taken];
            if (NeedsEscape(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (taken < value.Length)
        {
            sb.Append("… (").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="value"/> is longer than <paramref name="max"/> or would be escaped by <see cref="Quote"/>.</summary>
    public static bool IsPlain(string value, int max)
    {
        if (value.Length > max)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned;
}
