using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Templates;

/// <summary>Use cases that show what a template produces: render previews and syntax checks.</summary>
public sealed class TemplatePreviewService(
    ITemplateStore templates,
    IOrganisationStore organisations,
    IUserStore users,
    TemplateCompiler compiler,
    IOptions<TemplateOptions> options)
{
    private readonly TemplateValidator validator = new(options.Value);

    /// <summary>Renders a stored template (<paramref name="templateId"/>) or inline <paramref name="content"/> with sample fields.</summary>
    public async Task<RenderedMessage> RenderAsync(
        Caller caller,
        string? templateId,
        TemplateContent? content,
        IReadOnlyDictionary<string, object?> record,
        IReadOnlyDictionary<string, object?>? owner,
        CancellationToken ct)
    {
        caller.Require(Permission.TemplatesRead);
        ICompiledTemplate compiled;
        if (templateId is not null)
        {
            var template = await templates.GetAsync(caller.OrgId, templateId, ct) ?? throw new NotFoundException("template", templateId);
            compiled = compiler.GetOrCompile(template.CacheKey, template.Content);
        }
        else
        {
            compiled = CompileInline(content ?? throw new ValidationException("content", "a template id or content is required"));
        }

        var org = await organisations.GetAsync(caller.OrgId, ct);
        if (owner is null)
        {
            var user = await users.GetAsync(caller.OrgId, caller.UserId, ct);
            owner = user is null ? MergeData.NoFields : MergeFields.Of(user);
        }

        var data = new MergeData(record, owner, org is null ? MergeData.NoFields : MergeFields.Of(org), MergeData.UrlPlaceholder, MergeData.UrlPlaceholder);
        return await compiled.RenderAsync(data, ct);
    }

    /// <summary>Every syntax issue of <paramref name="content"/>; empty when it compiles.</summary>
    /// <exception cref="ValidationException">A part breaks a server limit (such as the nesting depth): that is no answer about syntax but a refused request.</exception>
    public IReadOnlyList<TemplateSyntaxIssue> Validate(Caller caller, TemplateContent content)
    {
        caller.Require(Permission.TemplatesRead);
        compiler.RequireEnabled(content.Engine);
        var issues = compiler.Compile(content).Issues;
        var overLimit = issues.Where(i => i.ExceedsLimit).ToList();
        return overLimit.Count == 0 ? issues : throw ContentViolations(overLimit);
    }

    private ICompiledTemplate CompileInline(TemplateContent content)
    {
        var violations = new List<FieldViolation>();
        validator.CheckContentLimits(content, violations);
        if (violations.Count > 0)
        {
            throw new ValidationException(violations.Select(v => v with { Field = "content." + v.Field }).ToList());
        }

        compiler.RequireEnabled(content.Engine);
        var result = compiler.Compile(content);
        return result.Template ?? throw ContentViolations(result.Issues);
    }

    private static ValidationException ContentViolations(IEnumerable<TemplateSyntaxIssue> issues) =>
        new(issues.Select(i => TemplateCompiler.ToViolation(i) with { Field = "content." + i.Field }).ToList());
}
