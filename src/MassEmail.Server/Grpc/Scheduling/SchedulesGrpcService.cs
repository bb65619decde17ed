using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core;
using MassEmail.Core.Scheduling;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Scheduling;

/// <summary>The gRPC face of schedules: shape checks, one call into Core, mapping.</summary>
public sealed class SchedulesGrpcService(ScheduleService schedules) : SchedulesService.SchedulesServiceBase
{
    public override async Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Schedule);
        var draft = request.Schedule?.ToDraft(check);
        check.ThrowIfInvalid();
        var created = await Prefixed("schedule.", () => schedules.CreateAsync(context.GetCaller(), draft!, context.CancellationToken));
        return new CreateScheduleResponse { Schedule = created.ToMessage() };
    }

    public override async Task<GetScheduleResponse> GetSchedule(GetScheduleRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var schedule = await schedules.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetScheduleResponse { Schedule = schedule.ToMessage() };
    }

    public override async Task<ListSchedulesResponse> ListSchedules(ListSchedulesRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .That(request.PageSize is >= 0 and <= ScheduleService.MaxPageSize, $"must be between 0 and {ScheduleService.MaxPageSize}")
            .That(request.PageToken.Length == 0 || Ids.IsWellFormed(request.PageToken), "is not a token returned by this listing")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        var (page, next) = await schedules.ListAsync(
            context.GetCaller(), request.PageToken.Length == 0 ? null : request.PageToken, size, context.CancellationToken);
        var response = new ListSchedulesResponse { NextPageToken = next };
        response.Schedules.AddRange(page.Select(s => s.ToMessage()));
        return response;
    }

    public override async Task<UpdateScheduleResponse> UpdateSchedule(UpdateScheduleRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Schedule);
        ScheduleDraft? draft = null;
        if (request.Schedule is not null)
        {
            check.Id(request.Schedule.Id).That(request.Schedule.Version > 0, "must be the version the schedule was read at");
            draft = request.Schedule.ToDraft(check);
        }

        check.ThrowIfInvalid();
        var updated = await Prefixed("schedule.", () => schedules.UpdateAsync(
            context.GetCaller(), request.Schedule!.Id, request.Schedule.Version, draft!, context.CancellationToken));
        return new UpdateScheduleResponse { Schedule = updated.ToMessage() };
    }

    public override async Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).That(request.Version >= 0, "must not be negative").ThrowIfInvalid();
        await schedules.DeleteAsync(context.GetCaller(), request.Id, request.Version == 0 ? null : request.Version, context.CancellationToken);
        return new DeleteScheduleResponse();
    }

    public override async Task<ListOccurrencesResponse> ListOccurrences(ListOccurrencesRequest request, ServerCallContext context)
    {
        long before = 0;
        new RequestCheck()
            .Id(request.ScheduleId)
            .That(request.PageSize is >= 0 and <= ScheduleService.MaxPageSize, $"must be between 0 and {ScheduleService.MaxPageSize}")
            .That(request.PageToken.Length == 0 || (long.TryParse(request.PageToken, out before) && before is > 0 and < 253402300800000), "is not a token returned by this listing")
            .ThrowIfInvalid();
        var size = request.PageSize == 0 ? 50 : request.PageSize;
        var rows = await schedules.ListOccurrencesAsync(
            context.GetCaller(), request.ScheduleId, before == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(before), size + 1, context.CancellationToken);
        var page = rows.Take(size).ToList();
        var response = new ListOccurrencesResponse { NextPageToken = rows.Count > size ? page[^1].FireAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "" };
        response.Occurrences.AddRange(page.Select(o => o.ToMessage()));
        return response;
    }
}
