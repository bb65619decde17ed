namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Shortens what a template author wrote before an issue message quotes it: a 100 KB tag name
/// echoed whole would make the error larger than the request.
/// </summary>
internal static class QuotedInput
{
    public const int MaxLength = 100;

    public static string Clip(string value) => value.Length <= MaxLength ? value : value[..MaxLength] + "…";
}
