namespace MassEmail.Core.Templates.Rendering;

/// <summary>The one wording of the nesting limit, for the parser's guard and the rewriter's.</summary>
internal static class NestingLimit
{
    public static string Message(int maxDepth) =>
        $"The template nests more than {maxDepth} levels deep (blocks, index access, filters and and/or chains count); " +
        $"the limit is {LiquidSandboxOptions.SectionName}:{nameof(LiquidSandboxOptions.MaxNestingDepth)}.";
}
