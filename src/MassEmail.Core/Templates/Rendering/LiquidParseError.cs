namespace MassEmail.Core.Templates.Rendering;

/// <summary>Why a Liquid part did not parse.</summary>
/// <param name="Message">Fluid's message, usually ending in its position: "... at (line:column)".</param>
/// <param name="TooDeep">The part nests deeper than <see cref="LiquidSandboxOptions.MaxNestingDepth"/>.</param>
internal sealed record LiquidParseError(string Message, bool TooDeep);
