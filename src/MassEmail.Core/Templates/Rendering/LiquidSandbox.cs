using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fluid;
using Fluid.Parser;
using Microsoft.Extensions.FileProviders;
using FluidTemplateOptions = Fluid.TemplateOptions;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// The parser and the one shared <see cref="FluidTemplateOptions"/> of a Liquid engine, configured
/// so that a template can reach only the merge values it is given: no files, no environment, no
/// .NET members, bounded CPU and memory.
/// </summary>
internal sealed class LiquidSandbox
{
    private readonly SandboxParser parser = new();

    public LiquidSandbox(LiquidSandboxOptions limits)
    {
        limits.Validate();
        // A copy: the Fluid options below are built once, so later changes to the caller's instance must not half-apply.
        Limits = limits with { };
        Options = CreateOptions(Limits);
    }

    public LiquidSandboxOptions Limits { get; }

    /// <summary>Shared by every render: Fluid reads it but never changes it while rendering.</summary>
    public FluidTemplateOptions Options { get; }

    /// <summary>
    /// Parses <paramref name="source"/> and swaps in the sandbox's bounded nodes. Neither step
    /// nests deeper than <see cref="LiquidSandboxOptions.MaxNestingDepth"/>, so a template that
    /// passes also renders within that depth.
    /// </summary>
    public bool TryParse(string source, [NotNullWhen(true)] out IFluidTemplate? template, [NotNullWhen(false)] out LiquidParseError? error)
    {
        template = null;
        if (!parser.TryParse(source, Limits.MaxNestingDepth, out var statements, out error))
        {
            return false;
        }

        try
        {
            template = new SandboxRewriter(Limits).VisitTemplate(new FluidTemplate(statements));
            return true;
        }
        catch (NestingTooDeepException e)
        {
            // The tree keeps no positions: the author is pointed at the start of the part.
            error = new LiquidParseError(e.Message, TooDeep: true);
            return false;
        }
    }

    private static FluidTemplateOptions CreateOptions(LiquidSandboxOptions limits)
    {
        var options = new FluidTemplateOptions
        {
            // Even a tag that slipped through could only look into an empty file system.
            FileProvider = new NullFileProvider(),
            // Nothing is registered: merge values reach templates as Fluid dictionaries and
            // scalars (see MergeValueConverter), never as .NET objects whose members could be read.
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            MaxSteps = limits.MaxSteps,
            MaxRecursion = limits.MaxRecursion,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            Now = static () => DateTimeOffset.UtcNow,
            // A recipient without a value for a field is normal: it renders empty, or its `default`.
            StrictVariables = false,
        };
        SandboxLimits.BoundFilters(options.Filters, limits.MaxOutputLength);
        return options;
    }
}
