namespace MassEmail.Core.Templates.Rendering;

/// <summary>A template part after merge-field translation.</summary>
/// <param name="Original">What the author wrote.</param>
/// <param name="Text">The Liquid to parse.</param>
/// <param name="Map">From offsets in <paramref name="Text"/> to offsets in <paramref name="Original"/>.</param>
/// <param name="Issues">Merge fields that could not be translated, at offsets in <paramref name="Original"/>.</param>
internal sealed record TranslatedSource(string Original, string Text, SourceMap Map, IReadOnlyList<SourceIssue> Issues)
{
    /// <summary>The author's line and column for an offset in <see cref="Text"/>.</summary>
    public (int Line, int Column) ToOriginalPosition(int translatedOffset) =>
        TextPosition.ToLineColumn(Original, Map.ToOriginal(translatedOffset));
}
