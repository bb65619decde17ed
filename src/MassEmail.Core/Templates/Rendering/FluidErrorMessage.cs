using System.Text.RegularExpressions;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Splits Fluid's parse error ("End of tag '}}' was expected at (3:9)\nSource:\n...") into its
/// position and a message without position or source excerpt: the excerpt would show the
/// translated text, not what the author wrote. Names Fluid quotes from the template ("Unknown tag
/// '...'") are shortened to <see cref="InputText.MaxQuoted"/> characters.
/// </summary>
internal static partial class FluidErrorMessage
{
    public static (int Line, int Column, string Message) Parse(string error)
    {
        var match = PositionPattern().Match(error);
        if (!match.Success)
        {
            // No position to report: point at the start rather than invent one.
            var firstLine = error.Split('\n', 2)[0].Trim();
            return (1, 1, firstLine.Length > 0 ? ClipQuotes(firstLine) : "Invalid Liquid syntax.");
        }

        return (
            int.Parse(match.Groups["line"].ValueSpan),
            int.Parse(match.Groups["column"].ValueSpan),
            ClipQuotes(match.Groups["message"].Value.Trim()));
    }

    private static string ClipQuotes(string message) =>
        LongQuotePattern().Replace(message, quote => "'" + InputText.Quote(quote.Groups["quoted"].Value) + "'");

    [GeneratedRegex(@"'(?<quoted>[^']{101,})'", RegexOptions.CultureInvariant)]
    private static partial Regex LongQuotePattern();

    [GeneratedRegex(@"^(?<message>.*?) at \((?<line>\d+):(?<column>\d+)\)(?:\s*Source:.*)?\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PositionPattern();
}
