namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Limits that keep a user-authored Liquid template from running away with CPU or memory
/// (configuration section <c>Templates:Liquid</c>). Each limit applies to one part (subject,
/// HTML body, text body) of one render.
/// </summary>
public sealed record LiquidSandboxOptions
{
    public const string SectionName = "Templates:Liquid";

    /// <summary>Default of <see cref="MaxNestingDepth"/>: far deeper than any real template nests.</summary>
    public const int DefaultMaxNestingDepth = 100;

    /// <summary>
    /// Largest <see cref="MaxNestingDepth"/> accepted. Fluid's parser takes about 4 KB of stack per
    /// level, so 200 levels is half of a 1.5 MB thread-pool stack (see HostileTemplateTests).
    /// </summary>
    public const int MaxNestingDepthCeiling = 200;

    /// <summary>Most statements and loop iterations one part may execute. Also caps the length of a range such as <c>(1..n)</c>.</summary>
    public int MaxSteps { get; set; } = 200_000;

    /// <summary>Deepest nesting of loops and blocks that open a scope while rendering.</summary>
    public int MaxRecursion { get; set; } = 10;

    /// <summary>
    /// Deepest a template may nest, counting every block tag (<c>if</c>, <c>for</c>, <c>case</c>, ...),
    /// index access (<c>a[b[c]]</c>), filter in a chain and <c>and</c>/<c>or</c> on the way in. The
    /// parser, the sandbox rewriter and the renderer recurse once per level, so this bounds their stack.
    /// </summary>
    public int MaxNestingDepth { get; set; } = DefaultMaxNestingDepth;

    /// <summary>
    /// Most characters one rendered part, one captured block or one filter result may hold; also
    /// the most items a filter may return in an array.
    /// </summary>
    public int MaxOutputLength { get; set; } = 1_000_000;

    /// <summary>True when every limit is positive and <see cref="MaxNestingDepth"/> is at most <see cref="MaxNestingDepthCeiling"/>.</summary>
    public bool IsValid =>
        MaxSteps > 0 && MaxRecursion > 0 && MaxOutputLength > 0 && MaxNestingDepth is > 0 and <= MaxNestingDepthCeiling;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is out of range (see <see cref="IsValid"/>).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRecursion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOutputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNestingDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxNestingDepth, MaxNestingDepthCeiling);
    }
}
