namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Converts between offsets and 1-based line/column the way Fluid's parser counts them: only
/// <c>\n</c> starts a line, every other character (including <c>\r</c>) is one column.
/// </summary>
internal static class TextPosition
{
    public static (int Line, int Column) ToLineColumn(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    public static int ToOffset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; offset++)
        {
            if (text[offset] == '\n')
            {
                current++;
            }
        }

        return Math.Clamp(offset + column - 1, 0, text.Length);
    }
}
