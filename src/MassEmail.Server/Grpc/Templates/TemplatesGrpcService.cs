using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Templates;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Templates;

/// <summary>The gRPC face of templates: shape checks, one call into Core, mapping.</summary>
public sealed class TemplatesGrpcService(
    TemplateService templates,
    TemplateFolderService folders,
    TemplatePreviewService previews) : TemplatesService.TemplatesServiceBase
{
    public override async Task<CreateTemplateResponse> CreateTemplate(CreateTemplateRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Template);
        if (request.Template is not null)
        {
            check.OptionalId(request.Template.FolderId).DefinedEnum(request.Template.Engine);
        }

        check.ThrowIfInvalid();
        var created = await Prefixed("template.", () => templates.CreateAsync(context.GetCaller(), request.Template!.ToDraft(), context.CancellationToken));
        return new CreateTemplateResponse { Template = created.ToMessage() };
    }

    public override async Task<GetTemplateResponse> GetTemplate(GetTemplateRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var template = await templates.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetTemplateResponse { Template = template.ToMessage() };
    }

    public override async Task<ListTemplatesResponse> ListTemplates(ListTemplatesRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .OptionalId(request.FolderId)
            .That(request.PageSize is >= 0 and <= TemplateService.MaxPageSize, $"must be between 0 and {TemplateService.MaxPageSize}")
            .ThrowIfInvalid();
        var page = await templates.ListAsync(
            context.GetCaller(),
            new TemplateListRequest(request.PageSize, request.PageToken, request.FolderId, request.NameContains),
            context.CancellationToken);
        var response = new ListTemplatesResponse { NextPageToken = page.NextPageToken };
        response.Templates.AddRange(page.Templates.Select(t => t.ToMessage()));
        return response;
    }

    public override async Task<UpdateTemplateResponse> UpdateTemplate(UpdateTemplateRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Template);
        TemplateField fields = TemplateField.None;
        if (request.Template is not null)
        {
            check.Id(request.Template.Id).That(request.Template.Version > 0, "must be the version the template was read at");
            check.OptionalId(request.Template.FolderId).DefinedEnum(request.Template.Engine);
            fields = TemplateMapping.ToFields(request.UpdateMask, check);
        }

        check.ThrowIfInvalid();
        var update = new TemplateUpdate(request.Template!.Id, request.Template.Version, request.Template.ToDraft(), fields);
        var updated = await Prefixed("template.", () => templates.UpdateAsync(context.GetCaller(), update, context.CancellationToken));
        return new UpdateTemplateResponse { Template = updated.ToMessage() };
    }

    public override async Task<DeleteTemplateResponse> DeleteTemplate(DeleteTemplateRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).That(request.Version >= 0, "must not be negative").ThrowIfInvalid();
        await templates.DeleteAsync(context.GetCaller(), request.Id, request.Version == 0 ? null : request.Version, context.CancellationToken);
        return new DeleteTemplateResponse();
    }

    public override async Task<RenderTemplateResponse> RenderTemplate(RenderTemplateRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        switch (request.SourceCase)
        {
            case RenderTemplateRequest.SourceOneofCase.TemplateId:
                check.Id(request.TemplateId);
                break;
            case RenderTemplateRequest.SourceOneofCase.Content:
                check.DefinedEnum(request.Content.Engine);
                break;
            default:
                check.Violation("source", "template_id or content is required");
                break;
        }

        check.ThrowIfInvalid();
        var rendered = await previews.RenderAsync(
            context.GetCaller(),
            request.SourceCase == RenderTemplateRequest.SourceOneofCase.TemplateId ? request.TemplateId : null,
            request.Content?.ToContent(),
            request.RecordFields.ToDictionary(),
            request.OwnerFields is null ? null : request.OwnerFields.ToDictionary(),
            context.CancellationToken);
        return new RenderTemplateResponse { Subject = rendered.Subject, HtmlBody = rendered.HtmlBody, TextBody = rendered.TextBody };
    }

    public override Task<ValidateTemplateResponse> ValidateTemplate(ValidateTemplateRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Content);
        if (request.Content is not null)
        {
            check.DefinedEnum(request.Content.Engine);
        }

        check.ThrowIfInvalid();
        var issues = previews.Validate(context.GetCaller(), request.Content!.ToContent());
        var response = new ValidateTemplateResponse();
        response.Issues.AddRange(issues.Select(i => new TemplateIssue { Field = i.Field, Line = i.Line, Column = i.Column, Message = i.Message }));
        return Task.FromResult(response);
    }

    public override async Task<CreateTemplateFolderResponse> CreateTemplateFolder(CreateTemplateFolderRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.Name).ThrowIfInvalid();
        var folder = await folders.CreateAsync(context.GetCaller(), request.Name, context.CancellationToken);
        return new CreateTemplateFolderResponse { Folder = folder.ToMessage() };
    }

    public override async Task<ListTemplateFoldersResponse> ListTemplateFolders(ListTemplateFoldersRequest request, ServerCallContext context)
    {
        var list = await folders.ListAsync(context.GetCaller(), context.CancellationToken);
        var response = new ListTemplateFoldersResponse();
        response.Folders.AddRange(list.Select(f => f.ToMessage()));
        return response;
    }

    public override async Task<DeleteTemplateFolderResponse> DeleteTemplateFolder(DeleteTemplateFolderRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await folders.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteTemplateFolderResponse();
    }
}
