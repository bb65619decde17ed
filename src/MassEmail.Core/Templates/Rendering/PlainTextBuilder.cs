using System.Text;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Accumulates plain text the way a browser lays out HTML: runs of whitespace collapse to one
/// space, block boundaries become line breaks, and at most one blank line separates blocks.
/// Breaks and spaces are held back until real text follows, so none dangle at the ends.
/// </summary>
internal sealed class PlainTextBuilder
{
    private const int MaxConsecutiveNewlines = 2;

    private readonly StringBuilder text = new();
    private bool started;
    private int trailingNewlines;
    private int wantedNewlines;
    private bool pendingSpace;
    private string pendingPrefix = "";

    /// <summary>
    /// Text whose whitespace collapses (ordinary HTML text). A run between
    /// <see cref="HtmlToTextConverter.LayoutNeutralStart"/> and <see cref="HtmlToTextConverter.LayoutNeutralEnd"/>
    /// is written as it is and takes no room: the line breaks around it are counted as if it were absent.
    /// </summary>
    public void Append(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == HtmlToTextConverter.LayoutNeutralStart)
            {
                var end = value.IndexOf(HtmlToTextConverter.LayoutNeutralEnd, i);
                end = end < 0 ? value.Length - 1 : end;
                FlushBreaks();
                text.Append(value, i, end - i + 1);
                i = end;
            }
            else if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }
            else
            {
                AppendContent(c);
            }
        }
    }

    /// <summary>Text kept exactly as it is (the content of <c>&lt;pre&gt;</c>).</summary>
    public void AppendPreformatted(string value)
    {
        var normalized = value.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (normalized.Length == 0)
        {
            return;
        }

        FlushBreaks();
        text.Append(normalized);
        started = true;
        trailingNewlines = normalized.Length - normalized.TrimEnd('\n').Length;
    }

    /// <summary>Ends the current line (<c>&lt;br&gt;</c>); repeated calls add blank lines.</summary>
    public void LineBreak()
    {
        wantedNewlines = Math.Max(wantedNewlines, trailingNewlines) + 1;
        pendingSpace = false;
    }

    /// <summary>Starts a new block at least <paramref name="newlines"/> line ends after the last text.</summary>
    public void BlockBreak(int newlines)
    {
        wantedNewlines = Math.Max(wantedNewlines, newlines);
        pendingSpace = false;
    }

    /// <summary>Writes <paramref name="prefix"/> (a list bullet) before the next text, after any pending break.</summary>
    public void PrefixNextLine(string prefix) => pendingPrefix = prefix;

    public override string ToString() => text.ToString().TrimEnd();

    private void AppendContent(char c)
    {
        FlushBreaks();
        if (pendingPrefix.Length > 0)
        {
            text.Append(pendingPrefix);
            pendingPrefix = "";
        }

        text.Append(c);
        started = true;
        trailingNewlines = 0;
    }

    private void FlushBreaks()
    {
        // Nothing written yet: a document does not start with blank lines or a space.
        if (started)
        {
            var wanted = Math.Min(wantedNewlines, MaxConsecutiveNewlines);
            if (wanted > trailingNewlines)
            {
                text.Append('\n', wanted - trailingNewlines);
                trailingNewlines = wanted;
            }
            else if (pendingSpace && trailingNewlines == 0)
            {
                text.Append(' ');
            }
        }

        wantedNewlines = 0;
        pendingSpace = false;
    }
}
