using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Templates;

/// <summary>
/// The operator's gate in front of <see cref="CompiledTemplateCache"/>: Razor runs C#, so it is
/// refused unless <see cref="TemplateOptions.AllowRazor"/> is set, even when an engine is registered.
/// </summary>
public sealed class TemplateCompiler(CompiledTemplateCache cache, IOptions<TemplateOptions> options)
{
    /// <summary>Throws <see cref="PreconditionFailedException"/> when the operator has not enabled <paramref name="kind"/>.</summary>
    public void RequireEnabled(TemplateEngineKind kind)
    {
        if (kind == TemplateEngineKind.Razor && !options.Value.AllowRazor)
        {
            throw new PreconditionFailedException(
                "ENGINE_DISABLED", "engine", "Razor templates are not enabled on this server (Templates:AllowRazor).");
        }
    }

    public CompileResult Compile(TemplateContent content)
    {
        RequireEnabled(content.Engine);
        return cache.Compile(content);
    }

    /// <summary>The compiled form of a stored template version; compiled on first use.</summary>
    public ICompiledTemplate GetOrCompile(string cacheKey, TemplateContent content)
    {
        RequireEnabled(content.Engine);
        var result = cache.GetOrCompile(cacheKey, content);
        return result.Template ?? throw new TemplateRenderException(
            "The stored template no longer compiles: " + string.Join("; ", result.Issues.Select(i => ToViolation(i).Description)));
    }

    public static FieldViolation ToViolation(TemplateSyntaxIssue issue) =>
        new(issue.Field, $"line {issue.Line}, column {issue.Column}: {issue.Message}");
}
