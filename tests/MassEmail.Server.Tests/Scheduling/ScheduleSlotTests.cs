using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using static MassEmail.Server.Tests.Scheduling.ScheduleTimes;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>
/// Three at a time (issue 13 point 2): the fourth active schedule in one UTC minute is refused naming the three it
/// clashes with (a recurrence by its occurrences within the horizon); at run time a fourth due send waits while three
/// run and starts when one ends. Quota (point 6): a send that does not fit is skipped with the numbers, or waits for
/// the next UTC day when the schedule says so.
/// </summary>
public abstract class ScheduleSlotTests(StoreKind store)
{
    [SkippableFact]
    public async Task FourthInOneMinute_RefusedNamingTheThree_ARecurrenceByItsLaterOccurrence_OnEitherInstance()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var b = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(a, "slots.example");
        var onB = setup.On(b);
        List<Schedule> three = [];
        for (var i = 0; i < 3; i++)
        {
            var draft = setup.Draft(FireLocal.AddDays(2));
            draft.Name = $"Launch {i} {new string('x', 150)}";
            three.Add(await (i % 2 == 0 ? setup : onB).CreateAsync(draft));
        }

        var fourth = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => onB.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = setup.Draft(FireLocal.AddDays(2)) }));
        Assert.Equal(["schedule.start"], fourth.PreconditionSubjects());
        Assert.Contains("2027-05-05T10:30Z", fourth.Status.Detail, StringComparison.Ordinal);
        Assert.All(three, s => Assert.Contains($"{s.Id} 'Launch", fourth.Status.Detail, StringComparison.Ordinal));
        Assert.DoesNotContain(new string('x', 120), fourth.Status.Detail, StringComparison.Ordinal);

        // A daily from today clashes on its third occurrence; a minute later does not; an inactive one waits outside.
        var daily = setup.Draft(FireLocal, recurrence: new Recurrence { Daily = new DailyRecurrence() });
        var dailyError = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => setup.Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = daily }));
        Assert.Contains("2027-05-05T10:30Z", dailyError.Status.Detail, StringComparison.Ordinal);
        await setup.CreateAsync(setup.Draft(FireLocal.AddDays(2).AddMinutes(1)));
        daily.Active = false;
        var dormant = await setup.CreateAsync(daily);

        // Activating it, or moving one of the three, is checked as a create; editing one of the three in place is not refused.
        dormant.Active = true;
        await RpcAssert.Fails(StatusCode.FailedPrecondition, () => onB.Schedules.UpdateScheduleAsync(new UpdateScheduleRequest { Schedule = dormant }));
        var renamed = three[0].Clone();
        renamed.Name = "Renamed";
        await onB.Schedules.UpdateScheduleAsync(new UpdateScheduleRequest { Schedule = renamed });
        Assert.Equal(4, (await setup.Schedules.ListSchedulesAsync(new ListSchedulesRequest())).Schedules.Count(s => s.Active));
    }

    [SkippableFact]
    public async Task SixConcurrentCreatesOnTwoInstances_AtMostThreePass()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var b = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(a, "race.example");
        var onB = setup.On(b);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await (i % 2 == 0 ? setup : onB).CreateAsync(setup.Draft(FireLocal.AddDays(1)));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Equal(3, results.Count(r => r == StatusCode.OK));
        Assert.All(results.Where(r => r != StatusCode.OK), r => Assert.Contains(r, new[] { StatusCode.FailedPrecondition, StatusCode.Aborted }));
        Assert.Equal(3, (await onB.Schedules.ListSchedulesAsync(new ListSchedulesRequest())).Schedules.Count);
    }

    [SkippableFact]
    public async Task WithThreeRunning_AFourthDueSendWaits_ThenStartsWhenOneEnds()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var b = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(a, "running.example");
        List<Schedule> three = [];
        for (var i = 0; i < 3; i++)
        {
            three.Add(await setup.CreateAsync(setup.Draft(FireLocal)));
        }

        var fourth = await setup.On(b).CreateAsync(setup.Draft(FireLocal.AddMinutes(1)));
        foreach (var s in three)
        {
            await clock.RunUntilAsync(setup, s.Id, FireAt, o => o.Count == 1 && o[0].State == OccurrenceState.Fired);
        }

        // The three sends cannot reach the provider (its endpoint refuses), so they are still running a minute later.
        var waiting = await clock.RunUntilAsync(setup, fourth.Id, FireAt.AddMinutes(1), o => o.Count == 1 && o[0].State == OccurrenceState.Waiting);
        Assert.StartsWith("slot full", waiting[0].Reason, StringComparison.Ordinal);
        Assert.Equal(3, (await setup.On(b).SendsAsync()).Count);

        var first = (await setup.OccurrencesAsync(three[0].Id))[0];
        await setup.Sends.CancelMassSendAsync(new CancelMassSendRequest { Id = first.SendId });
        var fired = await clock.RunUntilAsync(setup, fourth.Id, clock.Clock.GetUtcNow(), o => o.Count == 1 && o[0].State == OccurrenceState.Fired);

        var sends = await setup.SendsAsync();
        Assert.Equal(4, sends.Count);
        Assert.Contains(sends, s => s.Id == fired[0].SendId && s.IdempotencyKey == $"schedule:{fourth.Id}:2027-05-03T12:31+02:00");
    }

    [SkippableFact]
    public async Task QuotaDoesNotFit_SkippedWithTheNumbers_OrWaitsForTheNextUtcDayWhenTheScheduleSaysSo()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance();
        var setup = await ScheduleSetup.CreateAsync(a, "quota.example", bulkDailyLimit: 1);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var second = await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("c2", "bob@quota.example") });
        var skipping = await setup.CreateAsync(setup.Draft(FireLocal));
        var draft = setup.Draft(FireLocal.AddMinutes(1));
        draft.WaitForQuotaDay = true;
        var waiting = await setup.CreateAsync(draft);
        Assert.True(waiting.WaitForQuotaDay);
        Assert.True((await setup.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = waiting.Id })).Schedule.WaitForQuotaDay);

        var skipped = await clock.RunUntilAsync(setup, skipping.Id, FireAt, o => o.Count == 1 && o[0].State == OccurrenceState.Skipped);
        Assert.Equal("quota: The bulk quota of 2027-05-03 (UTC) has 1 emails left; 2 were requested.", skipped[0].Reason);
        var held = await clock.RunUntilAsync(setup, waiting.Id, FireAt.AddMinutes(1), o => o.Count == 1 && o[0].State == OccurrenceState.Waiting);
        Assert.Equal("quota: The bulk quota of 2027-05-03 (UTC) has 1 emails left; 2 were requested.; waits for the quota of 2027-05-04 (UTC)", held[0].Reason);

        // Still waiting late that day; the next UTC day it is tried again, and now fits.
        clock.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 3, 23, 59, 0, TimeSpan.Zero));
        Assert.Equal(OccurrenceState.Waiting, Assert.Single(await setup.OccurrencesAsync(waiting.Id)).State);
        await recipients.DeleteRecordAsync(new DeleteRecordRequest { Id = second.Record.Id });
        var fired = await clock.RunUntilAsync(setup, waiting.Id, new DateTimeOffset(2027, 5, 4, 0, 0, 0, TimeSpan.Zero), o => o.Count == 1 && o[0].State == OccurrenceState.Fired);
        var send = Assert.Single(await setup.SendsAsync());
        Assert.Equal((fired[0].SendId, new DateTime(2027, 5, 4)), (send.Id, send.CreateTime.ToDateTime().Date));
    }

    [SkippableFact]
    public async Task WaitingForTheQuotaDay_StillDoesNotFitTheNextDay_SkippedWithTheNumbers()
    {
        using var clock = new ScheduleClock(store, Start);
        var setup = await ScheduleSetup.CreateAsync(clock.StartInstance(), "quota-twice.example", bulkDailyLimit: 1);
        await new RecipientsService.RecipientsServiceClient(setup.Invoker).UpsertRecordAsync(
            new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("c2", "bob@quota-twice.example") });
        var draft = setup.Draft(FireLocal);
        draft.WaitForQuotaDay = true;
        var waiting = await setup.CreateAsync(draft);

        await clock.RunUntilAsync(setup, waiting.Id, FireAt, o => o.Count == 1 && o[0].State == OccurrenceState.Waiting);
        var skipped = await clock.RunUntilAsync(setup, waiting.Id, new DateTimeOffset(2027, 5, 4, 0, 0, 0, TimeSpan.Zero), o => o.Count == 1 && o[0].State == OccurrenceState.Skipped);

        Assert.Equal("quota: The bulk quota of 2027-05-04 (UTC) has 1 emails left; 2 were requested.", skipped[0].Reason);
        Assert.Empty(await setup.SendsAsync());
    }
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleSlotSqliteTests() : ScheduleSlotTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class ScheduleSlotMongoTests() : ScheduleSlotTests(StoreKind.Mongo);
