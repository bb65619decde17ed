using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>
/// Issue 13 point 5 through the real service on an injected clock: wall-clock times of Europe/Warsaw across DST, as
/// Quartz 4.7.3 computes them (VENDORS.md): 09:00 is 08:00Z in winter and 07:00Z in summer; 02:30 fires once at 03:00
/// on the spring-forward day and once, at the first 02:30, on the fall-back day.
/// </summary>
public abstract class ScheduleDstTests(StoreKind store)
{
    private static readonly Recurrence Daily = new() { Daily = new DailyRecurrence() };

    [SkippableFact]
    public async Task Daily0900Warsaw_FiresAt0800ZInWinter_And0700ZInSummer()
    {
        using var clock = new ScheduleClock(store, new DateTimeOffset(2027, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var setup = await ScheduleSetup.CreateAsync(clock.StartInstance(), "dst.example");

        var winter = await setup.CreateAsync(setup.Draft(new DateTime(2027, 1, 11, 9, 0, 0), recurrence: Daily));
        var summer = await setup.CreateAsync(setup.Draft(new DateTime(2027, 7, 5, 9, 0, 0), recurrence: Daily));
        var fired = await clock.RunUntilAsync(setup, winter.Id, new DateTimeOffset(2027, 1, 11, 8, 0, 30, TimeSpan.Zero), o => Settled(o, 1));

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), winter.NextFireTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 7, 5, 7, 0, 0, TimeSpan.Zero), summer.NextFireTime.ToDateTimeOffset());
        Assert.Equal(("2027-01-11T09:00+01:00", OccurrenceState.Fired), (fired[0].LocalTime, fired[0].State));
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 8, 0, 0, TimeSpan.Zero), (await GetAsync(setup, winter.Id)).NextFireTime.ToDateTimeOffset());
    }

    [SkippableFact]
    public async Task Daily0230_OnTheSpringForwardDay_FiresOnceAt0300Local()
    {
        using var clock = new ScheduleClock(store, new DateTimeOffset(2027, 3, 26, 12, 0, 0, TimeSpan.Zero));
        var setup = await ScheduleSetup.CreateAsync(clock.StartInstance(), "spring.example");
        var schedule = await setup.CreateAsync(setup.Draft(new DateTime(2027, 3, 27, 2, 30, 0), recurrence: Daily));

        await clock.RunUntilAsync(setup, schedule.Id, new DateTimeOffset(2027, 3, 27, 1, 30, 30, TimeSpan.Zero), o => Settled(o, 1));
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), (await GetAsync(setup, schedule.Id)).NextFireTime.ToDateTimeOffset());
        var all = await clock.RunUntilAsync(setup, schedule.Id, new DateTimeOffset(2027, 3, 28, 1, 0, 30, TimeSpan.Zero), o => Settled(o, 2));

        Assert.Equal(["2027-03-28T03:00+02:00", "2027-03-27T02:30+01:00"], all.Select(o => o.LocalTime));
        Assert.All(all, o => Assert.Equal(OccurrenceState.Fired, o.State));
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 0, 30, 0, TimeSpan.Zero), (await GetAsync(setup, schedule.Id)).NextFireTime.ToDateTimeOffset());
    }

    [SkippableFact]
    public async Task Daily0230_OnTheFallBackDay_FiresOnceAtTheFirst0230()
    {
        using var clock = new ScheduleClock(store, new DateTimeOffset(2027, 10, 30, 12, 0, 0, TimeSpan.Zero));
        var setup = await ScheduleSetup.CreateAsync(clock.StartInstance(), "autumn.example");
        var schedule = await setup.CreateAsync(setup.Draft(new DateTime(2027, 10, 31, 2, 30, 0), recurrence: Daily));

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), schedule.NextFireTime.ToDateTimeOffset());
        var fired = await clock.RunUntilAsync(setup, schedule.Id, new DateTimeOffset(2027, 10, 31, 0, 30, 30, TimeSpan.Zero), o => Settled(o, 1));

        Assert.Equal(("2027-10-31T02:30+02:00", OccurrenceState.Fired), (fired[0].LocalTime, fired[0].State));
        // The second 02:30 (01:30Z, CET) is not an occurrence: the next one is the day after.
        Assert.Equal(new DateTimeOffset(2027, 11, 1, 1, 30, 0, TimeSpan.Zero), (await GetAsync(setup, schedule.Id)).NextFireTime.ToDateTimeOffset());
    }

    /// <summary><paramref name="count"/> occurrences, none of them still being started.</summary>
    internal static bool Settled(List<Occurrence> occurrences, int count) =>
        occurrences.Count == count && occurrences.All(o => o.State != OccurrenceState.Claimed);

    private static async Task<Schedule> GetAsync(ScheduleSetup setup, string id) =>
        (await setup.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = id })).Schedule;
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleDstSqliteTests() : ScheduleDstTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class ScheduleDstMongoTests() : ScheduleDstTests(StoreKind.Mongo);
