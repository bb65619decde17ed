using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

public sealed partial class RecipientsGrpcService
{
    public override async Task<ListConsentChangesResponse> ListConsentChanges(ListConsentChangesRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.RecordId).ThrowIfInvalid();
        var changes = await consent.HistoryAsync(context.GetCaller(), request.RecordId, request.PageSize, context.CancellationToken);
        var response = new ListConsentChangesResponse();
        response.Changes.AddRange(changes.Select(c => new ConsentChange
        {
            Id = c.Id,
            RecordId = c.RecordId,
            ListId = c.ListId ?? "",
            Kind = (ConsentKind)(int)c.Kind,
            Source = c.Source,
            Time = Timestamp.FromDateTimeOffset(c.At),
        }));
        return response;
    }
}
