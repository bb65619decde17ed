namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Maps offsets in translated text back to the text the author wrote, so errors found after
/// translation point at the author's own line and column.
/// </summary>
internal sealed class SourceMap
{
    private readonly List<Replacement> replacements = [];

    /// <summary>Records that <paramref name="originalLength"/> characters at <paramref name="originalStart"/> became <paramref name="translatedLength"/> characters at <paramref name="translatedStart"/>. Call in text order.</summary>
    public void Add(int originalStart, int originalLength, int translatedStart, int translatedLength) =>
        replacements.Add(new Replacement(originalStart, originalLength, translatedStart, translatedLength));

    public int ToOriginal(int translatedOffset)
    {
        var shift = 0;
        foreach (var r in replacements)
        {
            if (translatedOffset < r.TranslatedStart)
            {
                break;
            }

            if (translatedOffset < r.TranslatedStart + r.TranslatedLength)
            {
                // Inside a replacement: the best the author can be shown is where it started.
                return r.OriginalStart;
            }

            shift = r.OriginalStart + r.OriginalLength - (r.TranslatedStart + r.TranslatedLength);
        }

        return translatedOffset + shift;
    }

    private readonly record struct Replacement(int OriginalStart, int OriginalLength, int TranslatedStart, int TranslatedLength);
}
