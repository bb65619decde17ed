using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Turns an HTML email body into readable plain text for the text/plain part: blocks become
/// lines, <c>&lt;br&gt;</c> a line break, links <c>text (url)</c>, list items <c>- item</c>;
/// head, style and script are dropped; entities are decoded.
/// </summary>
public static class HtmlToTextConverter
{
    /// <summary>
    /// Text from this private-use character to <see cref="LayoutNeutralEnd"/> is kept but takes no
    /// room in the layout. Liquid tags such as <c>{% for %}</c> are marked this way while a text
    /// template is derived, so the line breaks around them come out as if they were absent.
    /// </summary>
    internal const char LayoutNeutralStart = '\uE002';

    /// <summary>Ends a run started by <see cref="LayoutNeutralStart"/>.</summary>
    internal const char LayoutNeutralEnd = '\uE003';

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "title", "style", "script", "noscript", "template", "meta", "link", "iframe", "object", "svg",
    };

    // Blocks a reader expects a blank line around.
    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "article", "header", "footer", "nav", "aside", "main", "address", "center",
        "dl", "dt", "dd", "figure", "figcaption", "form", "fieldset", "hr", "tr", "tbody", "thead", "tfoot", "caption",
    };

    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (HtmlNesting.Deepest(html) > HtmlNesting.MaxParsedDepth)
        {
            return HtmlNesting.StripTags(html);
        }

        using var document = new HtmlParser().ParseDocument(html);
        var builder = new PlainTextBuilder();
        if (document.Body is { } body)
        {
            WriteChildren(body, builder, listDepth: 0);
        }

        return builder.ToString();
    }

    private static void WriteChildren(INode node, PlainTextBuilder builder, int listDepth)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element:
                    WriteElement(element, builder, listDepth);
                    break;
            }
        }
    }

    private static void WriteElement(IElement element, PlainTextBuilder builder, int listDepth)
    {
        var name = element.LocalName;
        if (Dropped.Contains(name))
        {
            return;
        }

        switch (name)
        {
            case "br":
                builder.LineBreak();
                return;
            case "img":
                builder.Append(element.GetAttribute("alt") ?? "");
                return;
            case "pre":
                builder.BlockBreak(2);
                builder.AppendPreformatted(element.TextContent);
                builder.BlockBreak(2);
                return;
            case "a":
                WriteLink(element, builder, listDepth);
                return;
            case "ul" or "ol":
                builder.BlockBreak(listDepth == 0 ? 2 : 1);
                WriteChildren(element, builder, listDepth + 1);
                builder.BlockBreak(listDepth == 0 ? 2 : 1);
                return;
            case "li":
                builder.BlockBreak(1);
                builder.PrefixNextLine(new string(' ', 2 * Math.Max(0, listDepth - 1)) + "- ");
                WriteChildren(element, builder, listDepth);
                builder.BlockBreak(1);
                return;
            case "td" or "th":
                // Cells of one row stay on one line, apart.
                builder.Append(" ");
                WriteChildren(element, builder, listDepth);
                builder.Append(" ");
                return;
        }

        var breaks = Paragraphs.Contains(name) ? 2 : Blocks.Contains(name) ? 1 : 0;
        if (breaks > 0)
        {
            builder.BlockBreak(breaks);
        }

        WriteChildren(element, builder, listDepth);
        if (breaks > 0)
        {
            builder.BlockBreak(breaks);
        }
    }

    private static void WriteLink(IElement link, PlainTextBuilder builder, int listDepth)
    {
        WriteChildren(link, builder, listDepth);
        var href = link.GetAttribute("href")?.Trim() ?? "";
        if (href.Length == 0 || href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var text = VisibleText(link);
        var target = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
        if (text.Length == 0)
        {
            builder.Append(" " + href);
        }
        else if (!string.Equals(text, href, StringComparison.Ordinal) && !string.Equals(text, target, StringComparison.OrdinalIgnoreCase))
        {
            builder.Append(" (" + href + ")");
        }
    }

    // What a reader sees of a link: its text, or the alt text of a linked image.
    private static string VisibleText(IElement element)
    {
        var text = Collapse(element.TextContent);
        return text.Length > 0
            ? text
            : Collapse(string.Join(' ', element.QuerySelectorAll("img").Select(img => img.GetAttribute("alt") ?? "")));
    }

    private static string Collapse(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
