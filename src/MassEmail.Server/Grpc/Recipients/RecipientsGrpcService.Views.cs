using Grpc.Core;
using MassEmail.Contracts.V1;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Custom views and audience previews.</summary>
public sealed partial class RecipientsGrpcService
{
    public override async Task<CreateCustomViewResponse> CreateCustomView(CreateCustomViewRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.View);
        var module = FieldValueMapping.ToCore(request.View?.Module ?? RecordModule.Unspecified, check, "view.module");
        var criteria = request.View?.Criteria is { } c ? c.ToCore("view.criteria", check) : null;
        if (request.View is not null && criteria is null)
        {
            check.Violation("view.criteria", "is required");
        }

        check.ThrowIfInvalid();
        var view = await Prefixed("view.", () => views.CreateAsync(context.GetCaller(), module, request.View!.Name, criteria!, context.CancellationToken));
        return new CreateCustomViewResponse { View = view.ToMessage() };
    }

    public override async Task<GetCustomViewResponse> GetCustomView(GetCustomViewRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var view = await views.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetCustomViewResponse { View = view.ToMessage() };
    }

    public override async Task<ListCustomViewsResponse> ListCustomViews(ListCustomViewsRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var module = request.Module == RecordModule.Unspecified ? (MassEmail.Core.Recipients.RecordModule?)null : FieldValueMapping.ToCore(request.Module, check);
        check.ThrowIfInvalid();
        var list = await views.ListAsync(context.GetCaller(), module, context.CancellationToken);
        var response = new ListCustomViewsResponse();
        response.Views.AddRange(list.Select(v => v.ToMessage()));
        return response;
    }

    public override async Task<UpdateCustomViewResponse> UpdateCustomView(UpdateCustomViewRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.View);
        var criteria = request.View?.Criteria is { } c ? c.ToCore("view.criteria", check) : null;
        MassEmail.Core.Recipients.RecordModule? module = null;
        if (request.View is not null)
        {
            check.Id(request.View.Id).That(request.View.Version > 0, "must be the version the view was read at");
            if (criteria is null)
            {
                check.Violation("view.criteria", "is required");
            }

            // The module cannot change; a client may send it back as read, or leave it unset.
            module = request.View.Module == RecordModule.Unspecified ? null : FieldValueMapping.ToCore(request.View.Module, check, "view.module");
        }

        check.ThrowIfInvalid();
        var v = request.View!;
        var view = await Prefixed("view.", () => views.UpdateAsync(context.GetCaller(), v.Id, v.Version, module, v.Name, criteria!, context.CancellationToken));
        return new UpdateCustomViewResponse { View = view.ToMessage() };
    }

    public override async Task<DeleteCustomViewResponse> DeleteCustomView(DeleteCustomViewRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await views.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteCustomViewResponse();
    }

    public override async Task<PreviewAudienceResponse> PreviewAudience(PreviewAudienceRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().That(request.SampleSize is >= 0 and <= MassEmail.Core.Recipients.Audience.AudienceService.MaxSample, "must be between 0 and 500");
        var module = FieldValueMapping.ToCore(request.Module, check);
        if (request.Module == RecordModule.Clients)
        {
            check.Violation("module", "clients are never mailed: use CANDIDATES or CONTACTS");
        }

        var source = request.Audience.ToCore(check);
        check.ThrowIfInvalid();
        var preview = await audiences.PreviewAsync(context.GetCaller(), module, source, request.SampleSize, context.CancellationToken);
        var response = new PreviewAudienceResponse { Counts = preview.Counts.ToMessage() };
        response.Sample.AddRange(preview.Sample.Select(m => m.ToMessage()));
        return response;
    }
}
