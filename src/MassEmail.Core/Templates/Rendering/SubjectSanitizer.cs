using System.Text.RegularExpressions;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Makes a rendered subject safe for a mail header: a merge value holding CR/LF could otherwise
/// start a new header (header injection). Control characters and Unicode line/paragraph
/// separators become one space each run.
/// </summary>
public static partial class SubjectSanitizer
{
    public static string Sanitize(string subject) => LineBreaking().Replace(subject, " ").Trim();

    [GeneratedRegex(@"[\p{Cc}\u2028\u2029]+", RegexOptions.CultureInvariant)]
    private static partial Regex LineBreaking();
}
