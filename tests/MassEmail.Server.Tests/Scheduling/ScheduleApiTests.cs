using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>Schedules through the real gRPC stack: the round trip, optimistic versions, paging, permissions, isolation.</summary>
public abstract class ScheduleApiTests(ServerFixture fixture)
{
    private static readonly DateTime Future = new(DateTime.UtcNow.Year + 2, 1, 4, 9, 30, 0);

    [SkippableFact]
    public async Task CreateGetListUpdateDelete_RoundTrip_WithVersions()
    {
        var setup = await ScheduleSetup.CreateAsync(fixture.Server, "crud.example");
        var recurrence = new Recurrence { Weekly = new WeeklyRecurrence { Days = { Weekday.Monday, Weekday.Sunday } }, EndDate = new LocalDate { Year = Future.Year, Month = 6, Day = 30 } };
        var created = await setup.CreateAsync(setup.Draft(Future, recurrence: recurrence));
        var second = await setup.CreateAsync(setup.Draft(Future.AddDays(1)));

        Assert.Equal(1, created.Version);
        Assert.Equal(setup.AdminUserId, created.CreatedByUserId);
        Assert.Equal(recurrence, created.Recurrence);
        Assert.Equal(new DateTimeOffset(Future.AddDays(1), TimeSpan.FromHours(1)), second.NextFireTime.ToDateTimeOffset());
        var weekly = created.NextFireTime.ToDateTimeOffset();
        Assert.True(weekly.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Sunday && weekly.TimeOfDay == new TimeSpan(8, 30, 0), $"first weekly occurrence {weekly:O}");
        Assert.InRange(weekly, new DateTimeOffset(Future, TimeSpan.FromHours(1)), new DateTimeOffset(Future.AddDays(7), TimeSpan.FromHours(1)));
        Assert.Equal(created, (await setup.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = created.Id })).Schedule);
        var first = await setup.Schedules.ListSchedulesAsync(new ListSchedulesRequest { PageSize = 1 });
        Assert.Equal([created], first.Schedules);
        var rest = await setup.Schedules.ListSchedulesAsync(new ListSchedulesRequest { PageSize = 1, PageToken = first.NextPageToken });
        Assert.Equal([second], rest.Schedules);
        Assert.Equal("", rest.NextPageToken);

        var edit = created.Clone();
        edit.Name = "Renamed";
        edit.Active = false;
        edit.Recurrence = new Recurrence { Cron = "0 0 8 ? * TUE", Count = 3 };
        var updated = (await setup.Schedules.UpdateScheduleAsync(new UpdateScheduleRequest { Schedule = edit })).Schedule;
        Assert.Equal((2L, "Renamed", false), (updated.Version, updated.Name, updated.Active));
        await RpcAssert.Fails(StatusCode.Aborted, () => setup.Schedules.UpdateScheduleAsync(new UpdateScheduleRequest { Schedule = edit }));

        await RpcAssert.Fails(StatusCode.Aborted, () => setup.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Id = created.Id, Version = 1 }));
        await setup.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Id = created.Id, Version = 2 });
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = created.Id }));
        Assert.Empty((await setup.Schedules.ListOccurrencesAsync(new ListOccurrencesRequest { ScheduleId = second.Id })).Occurrences);
    }

    [SkippableFact]
    public async Task Permissions_MassEmailOfTheModuleToRead_SchedulesWriteToChange_OtherOrganisationsNotFound()
    {
        var setup = await ScheduleSetup.CreateAsync(fixture.Server, "perm.example");
        var schedule = await setup.CreateAsync(setup.Draft(Future));
        var admin = new AdminService.AdminServiceClient(setup.Invoker);
        async Task<SchedulesService.SchedulesServiceClient> ClientAsync(params Permission[] permissions) =>
            new(fixture.Server.Invoker((await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = setup.AdminUserId, Name = "k", Permissions = { permissions } })).Secret));

        var reader = await ClientAsync(Permission.MassEmailCandidates);
        Assert.Equal(schedule, (await reader.GetScheduleAsync(new GetScheduleRequest { Id = schedule.Id })).Schedule);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.CreateScheduleAsync(new CreateScheduleRequest { Schedule = setup.Draft(Future) }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.DeleteScheduleAsync(new DeleteScheduleRequest { Id = schedule.Id }));

        var contactsOnly = await ClientAsync(Permission.MassEmailContacts, Permission.SchedulesWrite);
        await RpcAssert.Fails(StatusCode.NotFound, () => contactsOnly.GetScheduleAsync(new GetScheduleRequest { Id = schedule.Id }));
        Assert.Empty((await contactsOnly.ListSchedulesAsync(new ListSchedulesRequest())).Schedules);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => contactsOnly.CreateScheduleAsync(new CreateScheduleRequest { Schedule = setup.Draft(Future) }));
        var writer = await ClientAsync(Permission.MassEmailCandidates, Permission.SchedulesWrite);
        Assert.Equal(1, (await writer.CreateScheduleAsync(new CreateScheduleRequest { Schedule = setup.Draft(Future) })).Schedule.Version);

        var other = await ScheduleSetup.CreateAsync(fixture.Server, "other.example");
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = schedule.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Schedules.ListOccurrencesAsync(new ListOccurrencesRequest { ScheduleId = schedule.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Id = schedule.Id }));
    }
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleApiSqliteTests(SqliteServerFixture f) : ScheduleApiTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class ScheduleApiMongoTests(MongoServerFixture f) : ScheduleApiTests(f), IClassFixture<MongoServerFixture>;
