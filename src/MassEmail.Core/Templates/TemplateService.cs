using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Templates;

/// <summary>Use cases of stored templates: create, read, list, update, delete.</summary>
public sealed class TemplateService(
    ITemplateStore templates,
    ITemplateFolderStore folders,
    TemplateCompiler compiler,
    IOptions<TemplateOptions> options,
    TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const string Resource = "template";

    private readonly TemplateValidator validator = new(options.Value);

    public async Task<Template> CreateAsync(Caller caller, TemplateDraft draft, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesWrite);
        await CheckAsync(caller, draft, ct);
        var now = time.GetUtcNowMs();
        var template = ToTemplate(Ids.New(time), caller.OrgId, draft, version: 1, createdAt: now, updatedAt: now);
        await templates.InsertAsync(template, ct);
        return template;
    }

    public async Task<Template> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesRead);
        return await templates.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
    }

    public async Task<TemplateListPage> ListAsync(Caller caller, TemplateListRequest request, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesRead);
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ValidationException("page_size", $"must be between 1 and {MaxPageSize}");
        }

        if (request.NameContains?.Length > TemplateValidator.MaxNameLength)
        {
            // No name is longer, and a store's text search should never see an unbounded pattern.
            throw new ValidationException("name_contains", $"must be at most {TemplateValidator.MaxNameLength} characters");
        }

        var nameKey = string.IsNullOrWhiteSpace(request.NameContains) ? null : NameKeys.For(request.NameContains);
        var folderId = string.IsNullOrEmpty(request.FolderId) ? null : request.FolderId;
        var filter = TemplatePageToken.Fingerprint(folderId, nameKey);
        var after = TemplatePageToken.Decode(request.PageToken, filter);
        var query = new TemplateQuery(caller.OrgId, folderId, nameKey, after?.NameKey, after?.Id, size + 1);
        var rows = await templates.ListAsync(query, ct);
        if (rows.Count <= size)
        {
            return new TemplateListPage(rows, "");
        }

        var page = rows.Take(size).ToList();
        var last = page[^1];
        return new TemplateListPage(page, new TemplatePageToken(last.NameKey, last.Id, filter).Encode());
    }

    public async Task<Template> UpdateAsync(Caller caller, TemplateUpdate update, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesWrite);
        var current = await templates.GetAsync(caller.OrgId, update.Id, ct) ?? throw new NotFoundException(Resource, update.Id);
        if (current.Version != update.ExpectedVersion)
        {
            throw new VersionConflictException(Resource, update.Id, update.ExpectedVersion);
        }

        var draft = update.ApplyTo(current);
        await CheckAsync(caller, draft, ct);
        var next = ToTemplate(current.Id, caller.OrgId, draft, current.Version + 1, current.CreatedAt, time.GetUtcNowMs());
        return await templates.ReplaceAsync(next, update.ExpectedVersion, ct) switch
        {
            WriteOutcome.Done => next,
            WriteOutcome.NotFound => throw new NotFoundException(Resource, update.Id),
            _ => throw new VersionConflictException(Resource, update.Id, update.ExpectedVersion),
        };
    }

    public async Task DeleteAsync(Caller caller, string id, long? expectedVersion, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesWrite);
        switch (await templates.DeleteAsync(caller.OrgId, id, expectedVersion, ct))
        {
            case WriteOutcome.NotFound:
                throw new NotFoundException(Resource, id);
            case WriteOutcome.VersionMismatch:
                throw new VersionConflictException(Resource, id, expectedVersion ?? 0);
        }
    }

    private async Task CheckAsync(Caller caller, TemplateDraft draft, CancellationToken ct)
    {
        var violations = validator.Check(draft);
        if (violations.Count == 0)
        {
            compiler.RequireEnabled(draft.Engine);
            violations.AddRange(compiler.Compile(draft.Content).Issues.Select(TemplateCompiler.ToViolation));
        }

        if (draft.FolderId is not null && await folders.GetAsync(caller.OrgId, draft.FolderId, ct) is null)
        {
            violations.Add(new("folder_id", "no such folder"));
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }
    }

    private static Template ToTemplate(string id, string orgId, TemplateDraft d, long version, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(id, orgId, d.Name.Trim(), d.FolderId, d.Subject, d.HtmlBody, string.IsNullOrEmpty(d.TextBody) ? null : d.TextBody,
            d.From, d.ReplyTo, d.Engine, d.Description, version, createdAt, updatedAt);
}
