using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>Bad schedules are refused with a precise status naming the field, and store nothing.</summary>
public abstract class ScheduleBadInputTests(ServerFixture fixture)
{
    private static readonly DateTime Future = new(DateTime.UtcNow.Year + 2, 1, 4, 9, 30, 0);

    public static TheoryData<string, string> InvalidCases => new()
    {
        { "missing zone", "schedule.time_zone" },
        { "unknown zone", "schedule.time_zone" },
        { "windows zone id", "schedule.time_zone" },
        { "local time that does not exist", "schedule.start" },
        { "start in the past", "schedule.start" },
        { "invalid date", "schedule.start" },
        { "cron error", "schedule.recurrence.cron" },
        { "cron too often", "schedule.recurrence.cron" },
        { "too many occurrences", "schedule.recurrence.count" },
        { "no weekday", "schedule.recurrence.weekly.days" },
        { "day of month 32", "schedule.recurrence.monthly.day_of_month" },
        { "end before start", "schedule.recurrence.end_date" },
        { "no occurrence left", "schedule.recurrence" },
        { "no name", "schedule.name" },
    };

    [SkippableTheory]
    [MemberData(nameof(InvalidCases))]
    public async Task Create_BadTiming_InvalidArgumentNamingTheField(string name, string field)
    {
        var setup = await ScheduleSetup.CreateAsync(fixture.Server, $"bad{Guid.NewGuid():N}.example");
        var draft = setup.Draft(Future, recurrence: new Recurrence { Daily = new DailyRecurrence() });
        Break(draft, name);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft }));

        Assert.Contains(field, e.ViolatedFields());
        Assert.Empty((await setup.Schedules.ListSchedulesAsync(new ListSchedulesRequest())).Schedules);
    }

    [SkippableFact]
    public async Task Create_UnknownViewOrTemplate_NotFound_ViewOfAnotherModuleToo()
    {
        var setup = await ScheduleSetup.CreateAsync(fixture.Server, "refs.example");
        var contactsView = await new RecipientsService.RecipientsServiceClient(setup.Invoker).CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Contacts, Name = "Contacts", Criteria = Recipients.R.And() },
        });

        var draft = setup.Draft(Future);
        draft.ViewId = MassEmail.Core.Ids.New();
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft }));
        draft.ViewId = contactsView.View.Id;
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft }));
        draft.ViewId = setup.ViewId;
        draft.TemplateId = MassEmail.Core.Ids.New();
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft }));
        draft.TemplateId = setup.TemplateId;
        draft.From = AddressChoice.Template;
        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft }));
        Assert.Contains("schedule.from", e.ViolatedFields());

        Assert.Empty((await setup.Schedules.ListSchedulesAsync(new ListSchedulesRequest())).Schedules);
    }

    private static void Break(Schedule draft, string name)
    {
        switch (name)
        {
            case "missing zone":
                draft.TimeZone = "";
                break;
            case "unknown zone":
                draft.TimeZone = "Europe/Atlantis";
                break;
            case "windows zone id":
                draft.TimeZone = "W. Europe Standard Time";
                break;
            case "local time that does not exist":
                // Europe/Warsaw springs forward from 02:00 to 03:00 on the last Sunday of March.
                var spring = LastSunday(Future.Year, 3);
                draft.Start = new LocalDateTime { Year = spring.Year, Month = 3, Day = spring.Day, Hour = 2, Minute = 30 };
                break;
            case "start in the past":
                draft.Start = new LocalDateTime { Year = 2021, Month = 1, Day = 4, Hour = 9, Minute = 30 };
                break;
            case "invalid date":
                draft.Start.Month = 2;
                draft.Start.Day = 30;
                break;
            case "cron error":
                draft.Recurrence = new Recurrence { Cron = "0 0 25 * * ?" };
                break;
            case "cron too often":
                draft.Recurrence = new Recurrence { Cron = "0 0/30 * * * ?" };
                break;
            case "too many occurrences":
                draft.Recurrence.Count = 1001;
                break;
            case "no weekday":
                draft.Recurrence = new Recurrence { Weekly = new WeeklyRecurrence() };
                break;
            case "day of month 32":
                draft.Recurrence = new Recurrence { Monthly = new MonthlyRecurrence { DayOfMonth = 32 } };
                break;
            case "end before start":
                draft.Recurrence.EndDate = new LocalDate { Year = Future.Year - 1, Month = 1, Day = 1 };
                break;
            case "no occurrence left":
                draft.Recurrence = new Recurrence { Cron = "0 0 9 1 1 ? 2025" };
                break;
            case "no name":
                draft.Name = " ";
                break;
        }
    }

    private static DateTime LastSunday(int year, int month)
    {
        var day = new DateTime(year, month, DateTime.DaysInMonth(year, month));
        return day.AddDays(-(int)day.DayOfWeek);
    }
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleBadInputSqliteTests(SqliteServerFixture f) : ScheduleBadInputTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class ScheduleBadInputMongoTests(MongoServerFixture f) : ScheduleBadInputTests(f), IClassFixture<MongoServerFixture>;
