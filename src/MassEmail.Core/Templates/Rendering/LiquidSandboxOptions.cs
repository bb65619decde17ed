namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Limits that keep a user-authored Liquid template from running away with CPU or memory
/// (configuration section <c>Templates:Liquid</c>). Each limit applies to one part (subject,
/// HTML body, text body) of one render.
/// </summary>
public sealed record LiquidSandboxOptions
{
    public const string SectionName = "Templates:Liquid";

    /// <summary>Most statements and loop iterations one part may execute. Also caps the length of a range such as <c>(1..n)</c>.</summary>
    public int MaxSteps { get; set; } = 200_000;

    /// <summary>Deepest nesting of loops and blocks that open a scope.</summary>
    public int MaxRecursion { get; set; } = 10;

    /// <summary>
    /// Most characters one rendered part, one captured block or one filter result may hold; also
    /// the most items a filter may return in an array.
    /// </summary>
    public int MaxOutputLength { get; set; } = 1_000_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRecursion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOutputLength);
    }
}
