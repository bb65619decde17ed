using Grpc.Core;
using MassEmail.Contracts.V1;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Mailing lists and subscriptions.</summary>
public sealed partial class RecipientsGrpcService
{
    public override async Task<CreateMailingListResponse> CreateMailingList(CreateMailingListRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.List);
        var module = FieldValueMapping.ToCore(request.List?.Module ?? RecordModule.Unspecified, check, "list.module");
        var criteria = request.List?.Criteria?.ToCore("list.criteria", check);
        check.ThrowIfInvalid();
        var list = await Prefixed("list.", () => lists.CreateAsync(context.GetCaller(), module, request.List!.Name, criteria, context.CancellationToken));
        return new CreateMailingListResponse { List = list.ToMessage() };
    }

    public override async Task<GetMailingListResponse> GetMailingList(GetMailingListRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var list = await lists.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetMailingListResponse { List = list.ToMessage() };
    }

    public override async Task<ListMailingListsResponse> ListMailingLists(ListMailingListsRequest request, ServerCallContext context)
    {
        var all = await lists.ListAsync(context.GetCaller(), context.CancellationToken);
        var response = new ListMailingListsResponse();
        response.Lists.AddRange(all.Select(l => l.ToMessage()));
        return response;
    }

    public override async Task<RenameMailingListResponse> RenameMailingList(RenameMailingListRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var list = await lists.RenameAsync(context.GetCaller(), request.Id, request.Name, context.CancellationToken);
        return new RenameMailingListResponse { List = list.ToMessage() };
    }

    public override async Task<DeleteMailingListResponse> DeleteMailingList(DeleteMailingListRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await lists.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteMailingListResponse();
    }

    public override async Task<AddListMembersResponse> AddListMembers(AddListMembersRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.ListId).Ids(request.RecordIds, MassEmail.Core.Recipients.Lists.MailingListService.MaxIdsPerCall).ThrowIfInvalid();
        var added = await lists.AddMembersAsync(context.GetCaller(), request.ListId, request.RecordIds.ToList(), context.CancellationToken);
        return new AddListMembersResponse { Added = added };
    }

    public override async Task<RemoveListMembersResponse> RemoveListMembers(RemoveListMembersRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.ListId).Ids(request.RecordIds, MassEmail.Core.Recipients.Lists.MailingListService.MaxIdsPerCall).ThrowIfInvalid();
        var removed = await lists.RemoveMembersAsync(context.GetCaller(), request.ListId, request.RecordIds.ToList(), context.CancellationToken);
        return new RemoveListMembersResponse { Removed = removed };
    }

    public override async Task<SetListSubscriptionResponse> SetListSubscription(SetListSubscriptionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.ListId).Id(request.RecordId)
            .That(request.State is SubscriptionState.Subscribed or SubscriptionState.Unsubscribed, "must be SUBSCRIBED or UNSUBSCRIBED")
            .ThrowIfInvalid();
        var subscription = await lists.SetSubscriptionAsync(
            context.GetCaller(), request.ListId, request.RecordId, (MassEmail.Core.Recipients.Lists.SubscriptionState)(int)request.State, "api", context.CancellationToken);
        return new SetListSubscriptionResponse { Subscription = subscription.ToMessage() };
    }

    public override async Task<ListRecordSubscriptionsResponse> ListRecordSubscriptions(ListRecordSubscriptionsRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.RecordId).ThrowIfInvalid();
        var all = await lists.ListSubscriptionsAsync(context.GetCaller(), request.RecordId, context.CancellationToken);
        var response = new ListRecordSubscriptionsResponse();
        response.Subscriptions.AddRange(all.Select(s => s.ToMessage()));
        return response;
    }
}
