using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Deliverability;
using MassEmail.Server.Grpc.Recipients;

using CoreSending = MassEmail.Core.Sending;

namespace MassEmail.Server.Grpc.Sending;

/// <summary>The gRPC face of mass sends.</summary>
public sealed class MassSendGrpcService(
    CoreSending.MassSendService sends, CoreSending.UsageService usage, EngagementService engagement, Core.Sending.Individual.IndividualEmailService individual)
    : Contracts.V1.MassSendService.MassSendServiceBase
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(500);

    public override async Task<StartMassSendResponse> StartMassSend(Contracts.V1.StartMassSendRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Id(request.TemplateId).Required(request.IdempotencyKey);
        var module = FieldValueMapping.ToCore(request.Module, check);
        var from = SendMapping.ToCore(request.From, "from", check);
        var replyTo = SendMapping.ToCore(request.ReplyTo, "reply_to", check);
        var audience = request.Audience.ToCore(check);
        check.ThrowIfInvalid();
        var send = await sends.StartAsync(
            context.GetCaller(), new CoreSending.StartMassSendRequest(module, request.TemplateId, from, replyTo, audience, request.IdempotencyKey), context.CancellationToken);
        return new StartMassSendResponse { Send = send.ToMessage() };
    }

    public override async Task<GetMassSendResponse> GetMassSend(GetMassSendRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var (send, counts) = await sends.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        var message = send.ToMessage(counts);
        message.Engagement = (await engagement.CountAsync(send, context.CancellationToken)).ToMessage();
        return new GetMassSendResponse { Send = message };
    }

    public override async Task<ListMassSendsResponse> ListMassSends(ListMassSendsRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .That(request.PageSize is >= 0 and <= 200, "must be between 0 and 200")
            .That(request.PageToken.Length == 0 || MassEmail.Core.Ids.IsWellFormed(request.PageToken), "is not a token returned by this listing")
            .That(request.State == Contracts.V1.SendState.Unspecified || Enum.IsDefined(request.State), "is not a known state")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        CoreSending.SendState? state = request.State == Contracts.V1.SendState.Unspecified ? null : (CoreSending.SendState)(int)request.State;
        var page = await sends.ListAsync(context.GetCaller(), state, request.PageToken.Length == 0 ? null : request.PageToken, size + 1, context.CancellationToken);
        var response = new ListMassSendsResponse { NextPageToken = page.Count > size ? page[size - 1].Id : "" };
        response.Sends.AddRange(page.Take(size).Select(s => s.ToMessage()));
        return response;
    }

    /// <summary>Polls the store and streams a message whenever the send, its counts or its engagement change, ending after the final state.</summary>
    public override async Task WatchMassSend(WatchMassSendRequest request, IServerStreamWriter<WatchMassSendResponse> responseStream, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var caller = context.GetCaller();
        CoreSending.MassSend? last = null;
        CoreSending.DeliveryCounts? lastCounts = null;
        MassEmail.Core.Deliverability.EngagementCounts? lastEngagement = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var (send, counts) = await sends.GetAsync(caller, request.Id, context.CancellationToken);
            var reported = await engagement.CountAsync(send, context.CancellationToken);
            if (send != last || counts != lastCounts || reported != lastEngagement)
            {
                var message = send.ToMessage(counts);
                message.Engagement = reported.ToMessage();
                await responseStream.WriteAsync(new WatchMassSendResponse { Send = message });
                (last, lastCounts, lastEngagement) = (send, counts, reported);
            }

            if (send.IsFinal)
            {
                return;
            }

            await Task.Delay(WatchInterval, context.CancellationToken);
        }
    }

    public override async Task<PauseMassSendResponse> PauseMassSend(PauseMassSendRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        return new PauseMassSendResponse { Send = (await sends.PauseAsync(context.GetCaller(), request.Id, context.CancellationToken)).ToMessage() };
    }

    public override async Task<ResumeMassSendResponse> ResumeMassSend(ResumeMassSendRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        return new ResumeMassSendResponse { Send = (await sends.ResumeAsync(context.GetCaller(), request.Id, context.CancellationToken)).ToMessage() };
    }

    public override async Task<CancelMassSendResponse> CancelMassSend(CancelMassSendRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        return new CancelMassSendResponse { Send = (await sends.CancelAsync(context.GetCaller(), request.Id, context.CancellationToken)).ToMessage() };
    }

    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.SendId)
            .That(request.PageSize is >= 0 and <= 1000, "must be between 0 and 1000")
            .That(request.PageToken.Length == 0 || MassEmail.Core.Ids.IsWellFormed(request.PageToken), "is not a token returned by this listing")
            .That(Enum.IsDefined(request.State), "is not a known state")
            .That(Enum.IsDefined(request.SkipReason), "is not a known skip reason")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 100 : request.PageSize;
        CoreSending.DeliveryState? state = request.State == Contracts.V1.DeliveryState.Unspecified ? null : (CoreSending.DeliveryState)(int)request.State;
        MassEmail.Core.Recipients.Audience.SkipReason? skip = request.SkipReason == SkipReason.Unspecified ? null : (MassEmail.Core.Recipients.Audience.SkipReason)(int)request.SkipReason;
        var page = await sends.ListDeliveriesAsync(context.GetCaller(), request.SendId, state, skip,
            request.PageToken.Length == 0 ? null : request.PageToken, size + 1, context.CancellationToken);
        var response = new ListDeliveriesResponse { NextPageToken = page.Count > size ? page[size - 1].Id : "" };
        response.Deliveries.AddRange(page.Take(size).Select(d => d.ToMessage()));
        return response;
    }

    public override async Task<RequeueUnknownDeliveriesResponse> RequeueUnknownDeliveries(RequeueUnknownDeliveriesRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.SendId).ThrowIfInvalid();
        return new RequeueUnknownDeliveriesResponse { Requeued = await sends.RequeueUnknownAsync(context.GetCaller(), request.SendId, context.CancellationToken) };
    }

    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        var u = await usage.GetAsync(context.GetCaller(), context.CancellationToken);
        var response = new GetUsageResponse
        {
            Day = u.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            BulkUsed = u.BulkUsed,
            BulkLimit = u.BulkLimit,
            IndividualUsed = u.IndividualUsed,
            IndividualLimit = u.IndividualLimit,
        };
        if (u.ProviderRemaining24Hours is { } remaining)
        {
            response.ProviderRemaining24Hours = double.IsPositiveInfinity(remaining) ? -1 : (long)Math.Floor(remaining);
        }

        return response;
    }

    public override async Task<SendTestEmailResponse> SendTestEmail(SendTestEmailRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.TemplateId).ThrowIfInvalid();
        var (messageId, to) = await usage.SendTestAsync(context.GetCaller(), request.TemplateId, request.RecordFields.ToDictionary(), context.CancellationToken);
        return new SendTestEmailResponse { MessageId = messageId, To = to };
    }

    public override async Task<SendEmailResponse> SendEmail(Contracts.V1.SendEmailRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Id(request.RecordId).Id(request.TemplateId).Required(request.IdempotencyKey);
        var module = FieldValueMapping.ToCore(request.Module, check);
        var from = SendMapping.ToCore(request.From, "from", check);
        var replyTo = SendMapping.ToCore(request.ReplyTo, "reply_to", check);
        check.ThrowIfInvalid();
        var (email, replayed) = await individual.SendAsync(
            context.GetCaller(), new Core.Sending.Individual.SendEmailRequest(module, request.RecordId, request.TemplateId, from, replyTo, request.IdempotencyKey),
            context.CancellationToken);
        return new SendEmailResponse
        {
            Id = email.Id,
            State = email.State == Core.Sending.Individual.IndividualEmailState.Sent ? Contracts.V1.IndividualEmailState.Sent : Contracts.V1.IndividualEmailState.Unknown,
            MessageId = email.MessageId,
            To = email.To,
            Replayed = replayed,
        };
    }
}
