using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fluid;
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
    // Tags that read other templates from files, or buffer output where no limit can reach.
    private static readonly string[] RemovedTags = ["include", "render", "ifchanged"];

    private readonly FluidParser parser;
    private readonly SandboxRewriter rewriter;

    public LiquidSandbox(LiquidSandboxOptions limits)
    {
        limits.Validate();
        // A copy: the Fluid options below are built once, so later changes to the caller's instance must not half-apply.
        Limits = limits with { };
        // No functions or macros: a macro could call itself.
        parser = new FluidParser(new FluidParserOptions { AllowFunctions = false });
        foreach (var tag in RemovedTags)
        {
            parser.RegisteredTags.Remove(tag);
        }

        rewriter = new SandboxRewriter(Limits);
        Options = CreateOptions(Limits);
    }

    public LiquidSandboxOptions Limits { get; }

    /// <summary>Shared by every render: Fluid reads it but never changes it while rendering.</summary>
    public FluidTemplateOptions Options { get; }

    /// <summary>Parses <paramref name="source"/>; on failure <paramref name="error"/> is Fluid's message (with its position).</summary>
    public bool TryParse(string source, [NotNullWhen(true)] out IFluidTemplate? template, [NotNullWhen(false)] out string? error)
    {
        if (!parser.TryParse(source, out var parsed, out var message) || parsed is null)
        {
            template = null;
            error = string.IsNullOrEmpty(message) ? "The template could not be parsed." : message;
            return false;
        }

        template = rewriter.VisitTemplate(parsed);
        error = null;
        return true;
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
