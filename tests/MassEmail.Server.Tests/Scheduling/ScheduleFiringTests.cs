using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using static MassEmail.Server.Tests.Scheduling.ScheduleTimes;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>
/// Firing decided by the store (issue 13 points 3 and 4): several instances start one send per occurrence; inactive,
/// edited and deleted schedules are honoured whichever instance changed them; occurrences missed while no instance
/// ran fire once within the grace and are recorded as missed beyond it.
/// </summary>
public abstract class ScheduleFiringTests(StoreKind store)
{
    [SkippableFact]
    public async Task TwoInstancesOnOneStore_EachOccurrenceStartsExactlyOneSend()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var b = clock.StartInstance();
        var orgs = new[] { await ScheduleSetup.CreateAsync(a, "one.example"), await ScheduleSetup.CreateAsync(b, "two.example") };
        var schedules = new List<(ScheduleSetup Setup, Schedule Schedule)>();
        foreach (var setup in orgs)
        {
            for (var i = 0; i < 3; i++)
            {
                schedules.Add((setup, await setup.CreateAsync(setup.Draft(FireLocal))));
            }
        }

        var fired = new List<Occurrence>();
        foreach (var (setup, schedule) in schedules)
        {
            fired.AddRange(await clock.RunUntilAsync(setup, schedule.Id, FireAt, o => ScheduleDstTests.Settled(o, 1)));
        }

        Assert.All(fired, o => Assert.Equal(OccurrenceState.Fired, o.State));
        foreach (var setup in orgs)
        {
            var sends = await setup.On(setup == orgs[0] ? b : a).SendsAsync();
            Assert.Equal(3, sends.Count);
            Assert.Equal(sends.Select(s => s.Id).Order(), fired.Where(o => sends.Any(s => s.Id == o.SendId)).Select(o => o.SendId).Order());
            Assert.All(sends, s => Assert.StartsWith("schedule:", s.IdempotencyKey, StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task InactiveNeverSends_EditBeforeFireTimeWins_DeleteCancels_WhicheverInstanceChangedThem()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var b = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(a, "changes.example");
        var onB = setup.On(b);
        var inactive = setup.Draft(FireLocal);
        inactive.Active = false;
        var dormant = await setup.CreateAsync(inactive);
        var deleted = await setup.CreateAsync(setup.Draft(FireLocal));
        var edited = await setup.CreateAsync(setup.Draft(FireLocal));
        var newTemplate = await new TemplatesService.TemplatesServiceClient(onB.Invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "Edited", Subject = "Edited", HtmlBody = "<p>Edited</p>" },
        });

        await onB.Schedules.DeleteScheduleAsync(new DeleteScheduleRequest { Id = deleted.Id });
        var edit = edited.Clone();
        edit.TemplateId = newTemplate.Template.Id;
        edit.Start.Minute = 45;
        await onB.Schedules.UpdateScheduleAsync(new UpdateScheduleRequest { Schedule = edit });

        // The edited schedule fires at its new time, after the others' old one: had they fired, they would have by then.
        var fired = await clock.RunUntilAsync(setup, edited.Id, FireAt.AddMinutes(15), o => ScheduleDstTests.Settled(o, 1));

        Assert.Equal(("2027-05-03T12:45+02:00", OccurrenceState.Fired), (fired[0].LocalTime, fired[0].State));
        var send = Assert.Single(await setup.SendsAsync());
        Assert.Equal((fired[0].SendId, newTemplate.Template.Id), (send.Id, send.TemplateId));
        Assert.Empty(await setup.OccurrencesAsync(dormant.Id));
    }

    [SkippableFact]
    public async Task Misfire_WithinGraceFiresOnceAtStartUp_BeyondGraceIsMissed_ThreeMissedDailiesFireAtMostOnce()
    {
        using var clock = new ScheduleClock(store, Start);
        var first = clock.StartInstance(grace: TimeSpan.FromMinutes(30));
        var setup = await ScheduleSetup.CreateAsync(first, "misfire.example");
        var withinGrace = await setup.CreateAsync(setup.Draft(FireLocal.AddDays(2).AddHours(2)));
        var beyondGrace = await setup.CreateAsync(setup.Draft(FireLocal));
        var daily = await setup.CreateAsync(setup.Draft(FireLocal, recurrence: new Recurrence { Daily = new DailyRecurrence() }));

        // Down from before the first fire time until 20 minutes after the third daily occurrence.
        clock.Stop(first);
        clock.Clock.SetUtcNow(FireAt.AddDays(2).AddMinutes(20));
        var second = setup.On(clock.StartInstance(grace: TimeSpan.FromMinutes(30)));

        var dailies = await clock.RunUntilAsync(second, daily.Id, clock.Clock.GetUtcNow(), o => ScheduleDstTests.Settled(o, 3));
        var missed = await clock.RunUntilAsync(second, beyondGrace.Id, clock.Clock.GetUtcNow(), o => ScheduleDstTests.Settled(o, 1));

        Assert.Equal(
            [("2027-05-05T12:30+02:00", OccurrenceState.Fired), ("2027-05-04T12:30+02:00", OccurrenceState.Missed), ("2027-05-03T12:30+02:00", OccurrenceState.Missed)],
            dailies.Select(o => (o.LocalTime, o.State)));
        Assert.Equal(OccurrenceState.Missed, Assert.Single(missed).State);
        var sends = await second.SendsAsync();
        Assert.Equal([dailies[0].SendId], sends.Select(s => s.Id));

        // Started again within the grace of a one-off: it fires once.
        clock.Stop(second.Server);
        clock.Clock.SetUtcNow(FireAt.AddDays(2).AddHours(2).AddMinutes(10));
        var third = setup.On(clock.StartInstance(grace: TimeSpan.FromMinutes(30)));
        var late = await clock.RunUntilAsync(third, withinGrace.Id, clock.Clock.GetUtcNow(), o => ScheduleDstTests.Settled(o, 1));
        Assert.Equal(OccurrenceState.Fired, late[0].State);
        Assert.Equal(2, (await third.SendsAsync()).Count);
    }
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleFiringSqliteTests() : ScheduleFiringTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class ScheduleFiringMongoTests() : ScheduleFiringTests(StoreKind.Mongo);
