using System.Net;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// How deeply an HTML text nests its elements, estimated in one linear pass, and a plain tag strip for
/// HTML too deep to parse. AngleSharp builds a tree in time that grows with the square of its depth
/// (8,000 nested &lt;div&gt; took 1.5 s; a 512 KiB body of them would take minutes), so a body nested
/// past <see cref="MaxParsedDepth"/> is never handed to it. Real email HTML nests a few dozen deep.
/// </summary>
internal static class HtmlNesting
{
    /// <summary>Deepest nesting the HTML parser is given; deeper bodies get their text by <see cref="StripTags"/>.</summary>
    public const int MaxParsedDepth = 256;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    /// <summary>
    /// The most start tags open at once, counting every start tag that is not void or self-closing and every end
    /// tag as a close. An over-estimate (unclosed &lt;p&gt; counts) only sends a body to the plainer conversion.
    /// </summary>
    public static int Deepest(string html)
    {
        var depth = 0;
        var deepest = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            var next = html[i + 1];
            if (next == '!')
            {
                var end = string.CompareOrdinal(html, i, "<!--", 0, 4) == 0
                    ? html.IndexOf("-->", i + 4, StringComparison.Ordinal)
                    : html.IndexOf('>', i + 1);
                if (end < 0)
                {
                    break;
                }

                i = end;
            }
            else if (next == '/')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (char.IsAsciiLetter(next))
            {
                var nameEnd = i + 1;
                while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
                {
                    nameEnd++;
                }

                var close = html.IndexOf('>', nameEnd);
                var selfClosing = close > 0 && html[close - 1] == '/';
                if (!selfClosing && !Void.Contains(html[(i + 1)..nameEnd]))
                {
                    deepest = Math.Max(deepest, ++depth);
                }
            }
        }

        return deepest;
    }

    /// <summary>The text between the tags, entities decoded, whitespace collapsed: no layout, but linear in the input.</summary>
    public static string StripTags(string html)
    {
        var builder = new PlainTextBuilder();
        var at = 0;
        while (at < html.Length)
        {
            var open = html.IndexOf('<', at);
            var end = open < 0 ? html.Length : open;
            if (end > at)
            {
                builder.Append(WebUtility.HtmlDecode(html[at..end]));
            }

            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                break;
            }

            builder.Append(" ");
            at = close + 1;
        }

        return builder.ToString();
    }
}
