using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;
using Sup = MassEmail.Core.Suppressions;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>The organisation's suppression list.</summary>
public sealed partial class RecipientsGrpcService
{
    public override async Task<ListSuppressionsResponse> ListSuppressions(ListSuppressionsRequest request, ServerCallContext context)
    {
        var (entries, next) = await suppressions.ListAsync(context.GetCaller(), request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListSuppressionsResponse { NextPageToken = next };
        response.Suppressions.AddRange(entries.Select(ToMessage));
        return response;
    }

    public override async Task<AddSuppressionResponse> AddSuppression(AddSuppressionRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.Email).DefinedEnum(request.Reason).ThrowIfInvalid();
        var reason = request.Reason == SuppressionReason.Unspecified ? Sup.SuppressionReason.Manual : (Sup.SuppressionReason)(int)request.Reason;
        var (stored, added) = await suppressions.AddAsync(context.GetCaller(), request.Email, reason, context.CancellationToken);
        return new AddSuppressionResponse { Suppression = ToMessage(stored), Added = added };
    }

    public override async Task<RemoveSuppressionResponse> RemoveSuppression(RemoveSuppressionRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.Email).ThrowIfInvalid();
        return new RemoveSuppressionResponse { Removed = await suppressions.RemoveAsync(context.GetCaller(), request.Email, context.CancellationToken) };
    }

    public override async Task<CheckSuppressionResponse> CheckSuppression(CheckSuppressionRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.Email).ThrowIfInvalid();
        var entry = await suppressions.CheckAsync(context.GetCaller(), request.Email, context.CancellationToken);
        return new CheckSuppressionResponse { Suppressed = entry is not null, Suppression = entry is null ? null : ToMessage(entry) };
    }

    private static Suppression ToMessage(Sup.Suppression s) => new()
    {
        Email = s.Email,
        Reason = (SuppressionReason)(int)s.Reason,
        Source = s.Source,
        Detail = s.Detail,
        CreateTime = Timestamp.FromDateTimeOffset(s.At),
    };
}
