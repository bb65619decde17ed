using System.Diagnostics.CodeAnalysis;
using Fluid;
using Fluid.Ast;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Fluid's Liquid parser without the tags that read files, and with a nesting limit on its
/// recursion: Fluid's grammar recurses without bound, so a few kilobytes of <c>((((</c> or
/// <c>{% if %}{% if %}</c> used to overflow the stack and end the process.
/// </summary>
internal sealed class SandboxParser : FluidParser
{
    // Tags that read other templates from files, or buffer output where no limit can reach.
    private static readonly string[] RemovedTags = ["include", "render", "ifchanged"];

    // No functions or macros: a macro could call itself.
    public SandboxParser()
        : base(new FluidParserOptions { AllowFunctions = false })
    {
        foreach (var tag in RemovedTags)
        {
            RegisteredTags.Remove(tag);
        }

        // Every cycle in Fluid's grammar passes through one of these two: an expression nests
        // through Primary (a[b[c]], (groups)), a block through the tag parser of its body's tags
        // (looked up by name at parse time), the `liquid` tag through the tags it holds.
        Primary.Parser = new NestingGuard<Expression>(Primary.Parser!);
        foreach (var (name, tag) in RegisteredTags.ToList())
        {
            RegisteredTags[name] = new NestingGuard<Statement>(tag);
        }
    }

    /// <summary>Parses <paramref name="source"/> nesting at most <paramref name="maxDepth"/> levels; on failure <paramref name="error"/> is Fluid's message with its position.</summary>
    public bool TryParse(string source, int maxDepth, [NotNullWhen(true)] out IReadOnlyList<Statement>? statements, [NotNullWhen(false)] out LiquidParseError? error)
    {
        var context = new NestingParseContext(source, maxDepth);
        try
        {
            if (Grammar.TryParse(context, out statements, out var parseError) && statements is not null)
            {
                error = null;
                return true;
            }

            // Fluid's own wording: "<message> at (line:column)".
            error = new LiquidParseError(
                parseError is null ? "The template could not be parsed." : $"{parseError.Message} at {parseError.Position}",
                context.TooDeep);
        }
        catch (Exception ex)
        {
            // As Fluid's TryParse: a tag parser may throw something other than a parse error.
            error = new LiquidParseError(ex.Message, TooDeep: false);
        }

        statements = null;
        return false;
    }
}
