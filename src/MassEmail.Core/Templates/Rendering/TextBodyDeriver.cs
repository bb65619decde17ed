using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Derives a Liquid text template from a Liquid HTML template, once per compile instead of once
/// per recipient: Liquid tokens are swapped for placeholders the HTML parser leaves alone, the
/// HTML is converted to text, and the tokens are put back.
/// </summary>
internal static partial class TextBodyDeriver
{
    // Private-use characters: never produced by HTML parsing, collapsed by no whitespace rule.
    // Outputs ({{ }}) are text; tags ({% %}) take no room in the layout (see PlainTextBuilder).
    private const char OutputStart = '\uE000';
    private const char OutputEnd = '\uE001';
    private const char TagStart = HtmlToTextConverter.LayoutNeutralStart;
    private const char TagEnd = HtmlToTextConverter.LayoutNeutralEnd;

    /// <param name="html">The HTML template, already translated to Liquid.</param>
    /// <returns>The text template, and the offsets in <paramref name="html"/> of tokens the conversion dropped (e.g. inside a tag's attributes).</returns>
    public static (string Text, IReadOnlyList<int> DroppedTokenOffsets) Derive(string html)
    {
        var tokens = new List<string>();
        var firstOffsets = new List<int>();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var protectedHtml = TokenPattern().Replace(
            RemoveMarkers(html),
            match =>
            {
                // One placeholder per distinct token, so <a href="{{ url }}">{{ url }}</a> reads as a link to itself.
                if (!indexes.TryGetValue(match.Value, out var index))
                {
                    index = tokens.Count;
                    indexes.Add(match.Value, index);
                    tokens.Add(match.Value);
                    firstOffsets.Add(match.Index);
                }

                return Placeholder(index, match.Value);
            });

        var converted = HtmlToTextConverter.Convert(protectedHtml);
        var dropped = Enumerable.Range(0, tokens.Count)
            .Where(i => !converted.Contains(Placeholder(i, tokens[i]), StringComparison.Ordinal))
            .Select(i => firstOffsets[i])
            .ToList();
        return (Restore(converted, tokens), dropped);
    }

    private static string Placeholder(int index, string token)
    {
        var isTag = token.StartsWith("{%", StringComparison.Ordinal);
        return (isTag ? TagStart : OutputStart) + index.ToString(CultureInfo.InvariantCulture) + (isTag ? TagEnd : OutputEnd);
    }

    // Same length, so offsets into the HTML stay valid.
    private static string RemoveMarkers(string html)
    {
        foreach (var marker in (ReadOnlySpan<char>)[OutputStart, OutputEnd, TagStart, TagEnd])
        {
            html = html.Replace(marker, '\uFFFD');
        }

        return html;
    }

    private static string Restore(string converted, List<string> tokens)
    {
        var result = new StringBuilder(converted.Length);
        for (var i = 0; i < converted.Length; i++)
        {
            var c = converted[i];
            if (c is OutputStart or TagStart)
            {
                var end = converted.IndexOf(c == OutputStart ? OutputEnd : TagEnd, i);
                if (end < 0)
                {
                    // Cannot happen with markers removed from the input; fail safe rather than throw.
                    result.Append(converted, i, converted.Length - i);
                    break;
                }

                result.Append(tokens[int.Parse(converted.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture)]);
                i = end;
            }
            else if (c == '{' && i + 1 < converted.Length && converted[i + 1] is '{' or '%' or OutputStart or TagStart)
            {
                // A literal brace (e.g. from &#123;) must not start a Liquid tag it never was.
                result.Append("{{ '{' }}");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TokenPattern();
}
