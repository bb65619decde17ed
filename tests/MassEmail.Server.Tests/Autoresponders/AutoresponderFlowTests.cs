using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Scheduling;

namespace MassEmail.Server.Tests.Autoresponders;

/// <summary>
/// Autoresponders through the real service on a fake clock (issue 13 item 7): a record joining the list gets step 1
/// after its delay and step 2 after its delay, each a bulk mass send; one that opts out before step 2 stops; records
/// that matched before activation are enrolled only when asked; view triggers; sending windows.
/// </summary>
public abstract class AutoresponderFlowTests(StoreKind store)
{
    private static readonly DateTimeOffset Start = new(2027, 5, 3, 8, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task RecordJoiningList_GetsStepOneAfterItsDelay_StepTwoAfterItsDelay_OptedOutGetsNoStepTwo_QuotaCountsBoth()
    {
        using var clock = new ScheduleClock(store, Start);
        var server = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(server);
        var ada = await setup.CandidateAsync("ada");
        var bob = await setup.CandidateAsync("bob");
        var series = await setup.CreateActiveAsync(setup.Draft());

        await setup.JoinListAsync(ada, bob);
        var enrolled = await setup.RunUntilAsync(clock.Clock, series.Id, Start, e => e.Count == 2);
        Assert.All(enrolled, e => Assert.Equal((EnrollmentState.Active, 0), (e.State, e.StepsSent)));
        var dueFirst = enrolled.Max(e => e.DueTime.ToDateTimeOffset());
        Assert.InRange(dueFirst - Start, TimeSpan.FromDays(1), TimeSpan.FromDays(1) + TimeSpan.FromMinutes(2));
        Assert.Empty(await setup.SendsAsync());

        var afterFirst = await setup.RunUntilAsync(clock.Clock, series.Id, dueFirst, e => e.All(x => x.StepsSent == 1));
        var first = Assert.Single(await setup.SendsAsync());
        Assert.Equal(setup.FirstTemplateId, first.TemplateId);
        Assert.StartsWith($"autoresponder:{series.Id}:", first.IdempotencyKey, StringComparison.Ordinal);
        Assert.All(afterFirst, e => Assert.Equal(first.Id, e.LastSendId));
        Assert.Equal(2, await setup.BulkUsedAsync());
        var dueSecond = afterFirst.Max(e => e.DueTime.ToDateTimeOffset());
        Assert.InRange(dueSecond - dueFirst, TimeSpan.FromDays(2), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(2));

        await setup.Recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = bob, EmailOptOut = true });
        var done = await setup.RunUntilAsync(clock.Clock, series.Id, dueSecond, e => e.All(x => x.State != EnrollmentState.Active));

        var byRecord = done.ToDictionary(e => e.RecordId);
        Assert.Equal((EnrollmentState.Done, 2), (byRecord[ada].State, byRecord[ada].StepsSent));
        Assert.Equal((EnrollmentState.Stopped, 1, "the record opted out of email"), (byRecord[bob].State, byRecord[bob].StepsSent, byRecord[bob].Reason));
        var sends = await setup.SendsAsync();
        Assert.Equal(2, sends.Count);
        var second = sends.Single(s => s.Id != first.Id);
        Assert.Equal((setup.SecondTemplateId, second.Id), (second.TemplateId, byRecord[ada].LastSendId));
        Assert.Equal([ada], second.Audience.RecordIds.Ids);
        Assert.Equal(1, await setup.BulkUsedAsync());
    }

    [SkippableFact]
    public async Task TwoInstancesOnOneStore_EachRecordInExactlyOneSendPerStep()
    {
        using var clock = new ScheduleClock(store, Start);
        var a = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var b = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(a);
        List<string> records = [];
        for (var i = 0; i < 12; i++)
        {
            records.Add(await setup.CandidateAsync($"r{i:D2}"));
        }

        var series = await setup.CreateActiveAsync(setup.Draft());
        await setup.JoinListAsync([.. records.Take(6)]);
        await (setup with { Invoker = b.Invoker(setup.Key) }).JoinListAsync([.. records.Skip(6)]);
        var enrolled = await setup.RunUntilAsync(clock.Clock, series.Id, Start, e => e.Count == records.Count);

        var due = enrolled.Max(e => e.DueTime.ToDateTimeOffset()).AddDays(2).AddMinutes(5);
        await setup.RunUntilAsync(clock.Clock, series.Id, enrolled.Max(e => e.DueTime.ToDateTimeOffset()), e => e.All(x => x.StepsSent == 1));
        var done = await setup.RunUntilAsync(clock.Clock, series.Id, due, e => e.All(x => x.State == EnrollmentState.Done));

        Assert.All(done, e => Assert.Equal(2, e.StepsSent));
        var sends = await setup.SendsAsync();
        foreach (var template in new[] { setup.FirstTemplateId, setup.SecondTemplateId })
        {
            var members = sends.Where(s => s.TemplateId == template).SelectMany(s => s.Audience.RecordIds.Ids).Order(StringComparer.Ordinal);
            Assert.Equal(records.Order(StringComparer.Ordinal), members);
        }
    }

    [SkippableFact]
    public async Task StepOverTheBulkQuota_WhatFitsGoesToday_TheRestWaitsForTheNextUtcDay()
    {
        using var clock = new ScheduleClock(store, Start);
        var server = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(server, bulkDailyLimit: 1);
        var ada = await setup.CandidateAsync("ada");
        var bob = await setup.CandidateAsync("bob");
        var series = await setup.CreateActiveAsync(setup.Draft());
        await setup.JoinListAsync(ada, bob);
        var enrolled = await setup.RunUntilAsync(clock.Clock, series.Id, Start, e => e.Count == 2);
        var due = enrolled.Max(e => e.DueTime.ToDateTimeOffset());
        var nextDay = new DateTimeOffset(due.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

        var split = await setup.RunUntilAsync(clock.Clock, series.Id, due, e => e.Count(x => x.StepsSent == 1) == 1 && e.Any(x => x.DueTime.ToDateTimeOffset() == nextDay));

        var waiting = split.Single(e => e.StepsSent == 0);
        Assert.Equal((ada, bob), (split.Single(e => e.StepsSent == 1).RecordId, waiting.RecordId));
        Assert.Equal(EnrollmentState.Active, waiting.State);
        Assert.Equal(1, await setup.BulkUsedAsync());
        var caughtUp = await setup.RunUntilAsync(clock.Clock, series.Id, nextDay, e => e.All(x => x.StepsSent == 1));
        Assert.Equal(2, (await setup.SendsAsync()).Count);
        Assert.Equal(1, await setup.BulkUsedAsync());
        Assert.Single(caughtUp, e => e.RecordId == bob);
    }

    [SkippableFact]
    public async Task MembersBeforeActivation_EnrolledOnlyWithEnrollExisting()
    {
        using var clock = new ScheduleClock(store, Start);
        var server = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(server);
        var early = await setup.CandidateAsync("early");
        await setup.JoinListAsync(early);
        clock.Clock.Advance(TimeSpan.FromSeconds(5));

        var plain = await setup.CreateActiveAsync(setup.Draft());
        var existing = await setup.CreateActiveAsync(setup.Draft(), enrollExisting: true);
        var late = await setup.CandidateAsync("late");
        await setup.JoinListAsync(late);

        await setup.RunUntilAsync(clock.Clock, existing.Id, Start, e => e.Count == 2);
        var enrolled = await setup.RunUntilAsync(clock.Clock, plain.Id, Start, e => e.Count >= 1);
        Assert.Equal([late], enrolled.Select(e => e.RecordId));
    }

    [SkippableFact]
    public async Task ViewTrigger_EnrolsRecordsUpdatedToMatch_StopsOneThatLeavesTheView()
    {
        using var clock = new ScheduleClock(store, Start);
        var server = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(server);
        var before = await setup.CandidateAsync("before", "Berlin");
        var mover = await setup.CandidateAsync("mover", "Paris");
        clock.Clock.Advance(TimeSpan.FromSeconds(5));
        var series = await setup.CreateActiveAsync(setup.Draft(new AutoresponderTrigger { ViewId = setup.ViewId }));

        await setup.CandidateAsync("mover", "Berlin");
        var stayer = await setup.CandidateAsync("stayer", "Berlin");
        var enrolled = await setup.RunUntilAsync(clock.Clock, series.Id, Start, e => e.Count == 2);
        Assert.Equal(new[] { mover, stayer }.Order(StringComparer.Ordinal), enrolled.Select(e => e.RecordId));
        Assert.DoesNotContain(before, enrolled.Select(e => e.RecordId));

        await setup.CandidateAsync("mover", "Paris");
        var due = enrolled.Max(e => e.DueTime.ToDateTimeOffset());
        var after = (await setup.RunUntilAsync(clock.Clock, series.Id, due, e => e.All(x => x.StepsSent == 1 || x.State == EnrollmentState.Stopped)))
            .ToDictionary(e => e.RecordId);

        Assert.Equal((EnrollmentState.Stopped, "no longer matches the custom view (or was deleted)"), (after[mover].State, after[mover].Reason));
        Assert.Equal((EnrollmentState.Active, 1), (after[stayer].State, after[stayer].StepsSent));
        Assert.Equal([stayer], Assert.Single(await setup.SendsAsync()).Audience.RecordIds.Ids);
    }

    [SkippableFact]
    public async Task SendingWindow_DueTimeOutsideIt_MovesToTheNextOpening()
    {
        // Monday 2027-05-03 08:00Z; a day later is Tuesday 10:00 in Warsaw, outside a Wednesday 14:00-16:00 window.
        using var clock = new ScheduleClock(store, Start);
        var server = clock.StartInstance(extra: AutoresponderSetup.FastRounds);
        var setup = await AutoresponderSetup.CreateAsync(server);
        var ada = await setup.CandidateAsync("ada");
        var draft = setup.Draft();
        draft.Window = new SendingWindow { Days = { Weekday.Wednesday }, StartMinute = 14 * 60, EndMinute = 16 * 60, TimeZone = "Europe/Warsaw" };
        var series = await setup.CreateActiveAsync(draft);

        await setup.JoinListAsync(ada);
        var enrolled = Assert.Single(await setup.RunUntilAsync(clock.Clock, series.Id, Start, e => e.Count == 1));

        Assert.Equal(new DateTimeOffset(2027, 5, 5, 12, 0, 0, TimeSpan.Zero), enrolled.DueTime.ToDateTimeOffset());
        await setup.RunUntilAsync(clock.Clock, series.Id, new DateTimeOffset(2027, 5, 5, 11, 59, 0, TimeSpan.Zero), e => e.Count == 1);
        Assert.Empty(await setup.SendsAsync());
        var sent = await setup.RunUntilAsync(clock.Clock, series.Id, new DateTimeOffset(2027, 5, 5, 12, 0, 0, TimeSpan.Zero), e => e[0].StepsSent == 1);
        var local = TimeZoneInfo.ConvertTime(sent[0].DueTime.ToDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw"));
        Assert.Equal((DayOfWeek.Wednesday, 14, 0), (local.DayOfWeek, local.Hour, local.Minute));
    }
}

[Trait("Store", "Sqlite")]
public sealed class AutoresponderFlowSqliteTests() : AutoresponderFlowTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class AutoresponderFlowMongoTests() : AutoresponderFlowTests(StoreKind.Mongo);
