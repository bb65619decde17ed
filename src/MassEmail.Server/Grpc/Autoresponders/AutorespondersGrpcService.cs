using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Autoresponders;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Autoresponders;

/// <summary>The gRPC face of autoresponders: shape checks, one call into Core, mapping.</summary>
public sealed class AutorespondersGrpcService(AutoresponderService autoresponders) : AutorespondersService.AutorespondersServiceBase
{
    public override async Task<CreateAutoresponderResponse> CreateAutoresponder(CreateAutoresponderRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Autoresponder);
        var draft = request.Autoresponder?.ToDraft(check);
        check.ThrowIfInvalid();
        var created = await Prefixed("autoresponder.", () => autoresponders.CreateAsync(context.GetCaller(), draft!, context.CancellationToken));
        return new CreateAutoresponderResponse { Autoresponder = created.ToMessage() };
    }

    public override async Task<GetAutoresponderResponse> GetAutoresponder(GetAutoresponderRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var found = await autoresponders.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetAutoresponderResponse { Autoresponder = found.ToMessage() };
    }

    public override async Task<ListAutorespondersResponse> ListAutoresponders(ListAutorespondersRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .That(request.PageSize is >= 0 and <= AutoresponderService.MaxPageSize, $"must be between 0 and {AutoresponderService.MaxPageSize}")
            .That(AutoresponderMapping.IsToken(request.PageToken), "is not a token returned by this listing")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        var (page, next) = await autoresponders.ListAsync(
            context.GetCaller(), request.PageToken.Length == 0 ? null : request.PageToken, size, context.CancellationToken);
        var response = new ListAutorespondersResponse { NextPageToken = next };
        response.Autoresponders.AddRange(page.Select(a => a.ToMessage()));
        return response;
    }

    public override async Task<UpdateAutoresponderResponse> UpdateAutoresponder(UpdateAutoresponderRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Autoresponder);
        AutoresponderDraft? draft = null;
        if (request.Autoresponder is not null)
        {
            check.Id(request.Autoresponder.Id).That(request.Autoresponder.Version > 0, "must be the version the autoresponder was read at");
            draft = request.Autoresponder.ToDraft(check);
        }

        check.ThrowIfInvalid();
        var updated = await Prefixed("autoresponder.", () => autoresponders.UpdateAsync(
            context.GetCaller(), request.Autoresponder!.Id, request.Autoresponder.Version, draft!, context.CancellationToken));
        return new UpdateAutoresponderResponse { Autoresponder = updated.ToMessage() };
    }

    public override async Task<DeleteAutoresponderResponse> DeleteAutoresponder(DeleteAutoresponderRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await autoresponders.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteAutoresponderResponse();
    }

    public override async Task<ActivateAutoresponderResponse> ActivateAutoresponder(ActivateAutoresponderRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var activated = await autoresponders.ActivateAsync(context.GetCaller(), request.Id, request.EnrollExisting, context.CancellationToken);
        return new ActivateAutoresponderResponse { Autoresponder = activated.ToMessage() };
    }

    public override async Task<DeactivateAutoresponderResponse> DeactivateAutoresponder(DeactivateAutoresponderRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var deactivated = await autoresponders.DeactivateAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeactivateAutoresponderResponse { Autoresponder = deactivated.ToMessage() };
    }

    public override async Task<ListEnrollmentsResponse> ListEnrollments(ListEnrollmentsRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .Id(request.AutoresponderId)
            .That(request.PageSize is >= 0 and <= AutoresponderService.MaxPageSize, $"must be between 0 and {AutoresponderService.MaxPageSize}")
            .That(AutoresponderMapping.IsToken(request.PageToken), "is not a token returned by this listing")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        var (page, next) = await autoresponders.ListEnrollmentsAsync(
            context.GetCaller(), request.AutoresponderId, request.PageToken.Length == 0 ? null : request.PageToken, size, context.CancellationToken);
        var response = new ListEnrollmentsResponse { NextPageToken = next };
        response.Enrollments.AddRange(page.Select(e => e.ToMessage()));
        return response;
    }
}
