using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Scheduling;

/// <summary>
/// What every <see cref="IScheduleStore"/> must do: schedules round-trip and are written conditionally on their version,
/// every write moves the change marker, the due queue holds active schedules only, an occurrence is claimed by one
/// caller (a dead holder's claim is taken over after its lease), and nothing crosses organisations. Writes are
/// refused when the organisation's slot version moved; run slots are taken one per occurrence, at most as many as asked;
/// waiting occurrences are listed by retry time in fire-time order and taken over by one claim.
/// </summary>
public abstract class ScheduleStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IScheduleStore Schedules => Store<IScheduleStore>();

    [SkippableFact]
    public async Task InsertGetListReplaceDelete_RoundTripAndVersionChecked()
    {
        var orgId = await NewOrgAsync();
        var first = NewSchedule(orgId, new Recurrence(RecurrenceKind.Weekly, 0b0100010, 0, "", new DateOnly(2031, 1, 1), 10));
        var second = NewSchedule(orgId, new Recurrence(RecurrenceKind.Cron, 0, 0, "0 0 9 ? * MON-FRI", null, 0)) with { NextFireAt = null };
        await InsertAsync(first);
        await InsertAsync(second);

        Assert.Equal(first, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal([first, second], await Schedules.ListAsync(orgId, null, 10, Ct));
        Assert.Equal([second], await Schedules.ListAsync(orgId, first.Id, 10, Ct));
        Assert.Equal([first], await Schedules.ListAsync(orgId, null, 1, Ct));

        var edited = first with { Name = "Edited", Active = false, Recurrence = null, Version = 2, NextFireAt = first.NextFireAt!.Value.AddDays(1) };
        Assert.Equal(WriteOutcome.VersionMismatch, await ReplaceAsync(edited, 5));
        Assert.Equal(WriteOutcome.Done, await ReplaceAsync(edited, 1));
        Assert.Equal(edited, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal(WriteOutcome.NotFound, await ReplaceAsync(edited with { Id = Ids.New() }, 1));

        Assert.Equal(WriteOutcome.VersionMismatch, await Schedules.DeleteAsync(orgId, first.Id, 1, Ct));
        Assert.Equal(WriteOutcome.Done, await Schedules.DeleteAsync(orgId, first.Id, 2, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Schedules.DeleteAsync(orgId, first.Id, null, Ct));
        Assert.Null(await Schedules.GetAsync(orgId, first.Id, Ct));
    }

    [SkippableFact]
    public async Task OtherOrganisation_SeesAndChangesNothing()
    {
        var orgId = await NewOrgAsync();
        var other = await NewOrgAsync();
        var schedule = NewSchedule(orgId, null);
        await InsertAsync(schedule);

        Assert.Null(await Schedules.GetAsync(other, schedule.Id, Ct));
        Assert.Empty(await Schedules.ListAsync(other, null, 10, Ct));
        Assert.Equal(WriteOutcome.NotFound, await ReplaceAsync(schedule with { OrgId = other, Version = 2 }, 1));
        Assert.Equal(WriteOutcome.NotFound, await Schedules.DeleteAsync(other, schedule.Id, null, Ct));
        Assert.False(await Schedules.AdvanceAsync(other, schedule.Id, schedule.NextFireAt!.Value, null, Ct));
        Assert.Equal(schedule, await Schedules.GetAsync(orgId, schedule.Id, Ct));
    }

    [SkippableFact]
    public async Task ChangeMarker_MovesOnEveryScheduleWrite()
    {
        var orgId = await NewOrgAsync();
        var schedule = NewSchedule(orgId, null);
        var before = await Schedules.ChangeMarkerAsync(Ct);

        await InsertAsync(schedule);
        var afterInsert = await Schedules.ChangeMarkerAsync(Ct);
        await ReplaceAsync(schedule with { Version = 2 }, 1);
        var afterReplace = await Schedules.ChangeMarkerAsync(Ct);
        await Schedules.DeleteAsync(orgId, schedule.Id, null, Ct);
        var afterDelete = await Schedules.ChangeMarkerAsync(Ct);

        Assert.NotEqual(before, afterInsert);
        Assert.NotEqual(afterInsert, afterReplace);
        Assert.NotEqual(afterReplace, afterDelete);
    }

    [SkippableFact]
    public async Task DueAndAdvance_ActiveSchedulesAtOrBeforeNow_AdvanceOnlyFromTheExpectedTime()
    {
        var orgId = await NewOrgAsync();
        var at = new DateTimeOffset(1985, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var due = NewSchedule(orgId, null) with { NextFireAt = at };
        var inactive = NewSchedule(orgId, null) with { NextFireAt = at, Active = false };
        var later = NewSchedule(orgId, null) with { NextFireAt = at.AddHours(1) };
        var none = NewSchedule(orgId, null) with { NextFireAt = null };
        foreach (var s in new[] { due, inactive, later, none })
        {
            await InsertAsync(s);
        }

        Assert.Equal([due], (await Schedules.DueAsync(at, 10_000, Ct)).Where(s => s.OrgId == orgId));
        Assert.Equal([due, later], (await Schedules.DueAsync(at.AddHours(1), 10_000, Ct)).Where(s => s.OrgId == orgId));
        Assert.True(await Schedules.NextFireAsync(Ct) <= at);

        Assert.False(await Schedules.AdvanceAsync(orgId, due.Id, at.AddMinutes(1), at.AddDays(1), Ct));
        Assert.True(await Schedules.AdvanceAsync(orgId, due.Id, at, at.AddDays(1), Ct));
        Assert.Equal(due with { NextFireAt = at.AddDays(1) }, await Schedules.GetAsync(orgId, due.Id, Ct));
        Assert.True(await Schedules.AdvanceAsync(orgId, later.Id, at.AddHours(1), null, Ct));
        Assert.DoesNotContain(await Schedules.DueAsync(at.AddHours(2), 10_000, Ct), s => s.OrgId == orgId);
    }

    [SkippableFact]
    public async Task Claim_OneWinner_DoneAfterOutcome_TakenOverOnlyAfterLease()
    {
        var orgId = await NewOrgAsync();
        var now = TestData.Now();
        var fire = new DateTimeOffset(2030, 3, 31, 3, 0, 0, TimeSpan.FromHours(2));
        var claim = new Occurrence(orgId, Ids.New(), Occurrence.KeyOf(fire), fire, OccurrenceState.Claimed, "", "", "a", now.AddMinutes(2), now);

        Assert.Equal(ClaimResult.Won, await Schedules.ClaimAsync(claim, Ct));
        Assert.Equal(ClaimResult.Busy, await Schedules.ClaimAsync(claim with { Holder = "b", RecordedAt = now.AddMinutes(1) }, Ct));
        Assert.Equal(ClaimResult.Won, await Schedules.ClaimAsync(claim with { Holder = "b", RecordedAt = now.AddMinutes(3), LeaseUntil = now.AddMinutes(5) }, Ct));
        Assert.False(await Schedules.CompleteAsync(claim with { State = OccurrenceState.Fired, SendId = "s-a" }, Ct));
        var fired = claim with { Holder = "b", State = OccurrenceState.Fired, SendId = Ids.New(), RecordedAt = now.AddMinutes(4), LeaseUntil = now.AddMinutes(5) };
        Assert.True(await Schedules.CompleteAsync(fired, Ct));
        Assert.Equal(ClaimResult.Done, await Schedules.ClaimAsync(claim with { Holder = "c", RecordedAt = now.AddHours(1) }, Ct));

        Assert.Equal([fired], await Schedules.ListOccurrencesAsync(orgId, claim.ScheduleId, null, 10, Ct));
        Assert.Equal("2030-03-31T03:00+02:00", fired.LocalTime);
    }

    [SkippableFact]
    public async Task ListOccurrences_LatestFirst_PagedByFireTime_OrganisationScoped()
    {
        var orgId = await NewOrgAsync();
        var other = await NewOrgAsync();
        var scheduleId = Ids.New();
        var now = TestData.Now();
        var start = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.FromHours(1));
        var all = Enumerable.Range(0, 3)
            .Select(i => new Occurrence(orgId, scheduleId, Occurrence.KeyOf(start.AddDays(i)), start.AddDays(i), OccurrenceState.Missed, "", "missed", "a", now, now))
            .ToList();
        foreach (var o in all)
        {
            Assert.Equal(ClaimResult.Won, await Schedules.ClaimAsync(o, Ct));
        }

        Assert.Equal([all[2], all[1]], await Schedules.ListOccurrencesAsync(orgId, scheduleId, null, 2, Ct));
        Assert.Equal([all[0]], await Schedules.ListOccurrencesAsync(orgId, scheduleId, all[1].FireAt, 2, Ct));
        Assert.Empty(await Schedules.ListOccurrencesAsync(other, scheduleId, null, 10, Ct));
        Assert.Equal(ClaimResult.Done, await Schedules.ClaimAsync(all[0] with { State = OccurrenceState.Claimed, RecordedAt = now.AddDays(1) }, Ct));
    }

    [SkippableFact]
    public async Task SlotVersion_MovesOnEveryInsertAndReplace_AWriteAtAStaleVersionChangesNothing()
    {
        var orgId = await NewOrgAsync();
        var other = await NewOrgAsync();
        var first = NewSchedule(orgId, null);
        var second = NewSchedule(orgId, null);
        Assert.Equal(0, await Schedules.SlotVersionAsync(orgId, Ct));

        Assert.True(await Schedules.InsertAsync(first, 0, Ct));
        Assert.False(await Schedules.InsertAsync(second, 0, Ct));
        Assert.Null(await Schedules.GetAsync(orgId, second.Id, Ct));
        var afterInsert = await Schedules.SlotVersionAsync(orgId, Ct);
        Assert.True(await Schedules.InsertAsync(second, afterInsert, Ct));
        var afterSecond = await Schedules.SlotVersionAsync(orgId, Ct);

        var edited = first with { Name = "Edited", Version = 2, WaitForQuotaDay = true };
        Assert.Null(await Schedules.ReplaceAsync(edited, 1, afterInsert, Ct));
        Assert.Equal(first, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal(WriteOutcome.Done, await Schedules.ReplaceAsync(edited, 1, afterSecond, Ct));
        Assert.Equal(edited, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal(WriteOutcome.VersionMismatch, await Schedules.ReplaceAsync(edited with { Version = 3 }, 1, await Schedules.SlotVersionAsync(orgId, Ct), Ct));
        Assert.NotEqual(afterInsert, afterSecond);
        Assert.Equal(0, await Schedules.SlotVersionAsync(other, Ct));
    }

    [SkippableFact]
    public async Task RunSlots_AtMostAsManyAsAsked_OnePerOccurrence_FreedOnlyByTheirHolder()
    {
        var orgId = await NewOrgAsync();
        var other = await NewOrgAsync();
        var now = TestData.Now();
        var ids = Enumerable.Range(0, 4).Select(_ => Ids.New()).ToList();
        const string local = "2030-01-07T09:30+01:00";
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await Schedules.TakeRunSlotAsync(orgId, ids[i], local, 3, now, Ct));
        }

        Assert.False(await Schedules.TakeRunSlotAsync(orgId, ids[3], local, 3, now, Ct));
        Assert.True(await Schedules.TakeRunSlotAsync(orgId, ids[1], local, 3, now.AddMinutes(1), Ct));
        Assert.True(await Schedules.TakeRunSlotAsync(other, ids[3], local, 3, now, Ct));
        var slots = await Schedules.RunSlotsAsync(orgId, Ct);
        Assert.Equal([0, 1, 2], slots.Select(s => s.Index));
        Assert.Equal(ids[..3], slots.Select(s => s.ScheduleId));
        Assert.Equal(now.AddMinutes(1), slots[1].TakenAt);

        Assert.False(await Schedules.ReleaseRunSlotAsync(slots[1] with { LocalTime = "2030-01-08T09:30+01:00" }, Ct));
        Assert.True(await Schedules.ReleaseRunSlotAsync(slots[1], Ct));
        Assert.False(await Schedules.ReleaseRunSlotAsync(slots[1], Ct));
        Assert.True(await Schedules.TakeRunSlotAsync(orgId, ids[3], local, 3, now, Ct));
        Assert.Equal([(0, ids[0]), (1, ids[3]), (2, ids[2])], (await Schedules.RunSlotsAsync(orgId, Ct)).Select(s => (s.Index, s.ScheduleId)));
        Assert.Equal([ids[3]], (await Schedules.RunSlotsAsync(other, Ct)).Select(s => s.ScheduleId));
    }

    [SkippableFact]
    public async Task Waiting_ListedByRetryTimeInFireOrder_TakenOverByOneClaimOnlyWhenItsTimeCame_DeadClaimsListedAgain()
    {
        var orgId = await NewOrgAsync();
        var now = TestData.Now();
        var fire = new DateTimeOffset(2030, 1, 7, 9, 30, 0, TimeSpan.FromHours(1));
        Occurrence Claim(string scheduleId, DateTimeOffset at) =>
            new(orgId, scheduleId, Occurrence.KeyOf(at), at, OccurrenceState.Claimed, "", "", "a", now.AddMinutes(2), now);
        var later = Claim(Ids.New(), fire.AddMinutes(1));
        var earlier = Claim(Ids.New(), fire);
        var tomorrow = Claim(Ids.New(), fire);
        foreach (var (claim, retry) in new[] { (later, now), (earlier, now), (tomorrow, now.AddDays(1)) })
        {
            Assert.Equal(ClaimResult.Won, await Schedules.ClaimAsync(claim, Ct));
            Assert.True(await Schedules.CompleteAsync(claim with { State = OccurrenceState.Waiting, Reason = "slot full", LeaseUntil = retry }, Ct));
        }

        var waiting = (await Schedules.WaitingAsync(null, now, 10_000, Ct)).Where(o => o.OrgId == orgId).ToList();
        Assert.Equal([earlier.ScheduleId, later.ScheduleId], waiting.Select(o => o.ScheduleId));
        Assert.Equal((OccurrenceState.Waiting, "slot full", now), (waiting[0].State, waiting[0].Reason, waiting[0].LeaseUntil));
        Assert.Equal([earlier.ScheduleId], (await Schedules.WaitingAsync(orgId, now, 1, Ct)).Select(o => o.ScheduleId));
        Assert.Equal(3, (await Schedules.WaitingAsync(orgId, now.AddDays(1), 10, Ct)).Count);

        Assert.Equal(ClaimResult.Busy, await Schedules.ClaimAsync(tomorrow with { Holder = "b", RecordedAt = now.AddHours(1) }, Ct));
        Assert.Equal(ClaimResult.Busy, await Schedules.ClaimAsync(earlier with { State = OccurrenceState.Missed, Holder = "b", RecordedAt = now.AddHours(1) }, Ct));
        Assert.Equal(ClaimResult.Won, await Schedules.ClaimAsync(earlier with { Holder = "b", RecordedAt = now.AddHours(1), LeaseUntil = now.AddHours(2) }, Ct));
        Assert.Equal(ClaimResult.Busy, await Schedules.ClaimAsync(earlier with { Holder = "c", RecordedAt = now.AddHours(1) }, Ct));
        Assert.Equal([later.ScheduleId], (await Schedules.WaitingAsync(orgId, now.AddHours(1), 10, Ct)).Select(o => o.ScheduleId));

        // The claim's holder died: once its lease ended the occurrence is in the line again, in its place.
        Assert.Equal([earlier.ScheduleId, later.ScheduleId], (await Schedules.WaitingAsync(orgId, now.AddHours(3), 10, Ct)).Select(o => o.ScheduleId));
    }

    private async Task InsertAsync(Schedule schedule) =>
        Assert.True(await Schedules.InsertAsync(schedule, await Schedules.SlotVersionAsync(schedule.OrgId, Ct), Ct));

    private async Task<WriteOutcome?> ReplaceAsync(Schedule schedule, long expectedVersion) =>
        await Schedules.ReplaceAsync(schedule, expectedVersion, await Schedules.SlotVersionAsync(schedule.OrgId, Ct), Ct);

    private static Schedule NewSchedule(string orgId, Recurrence? recurrence)
    {
        var now = TestData.Now();
        return new Schedule(Ids.New(), orgId, "Weekly news", RecordModule.Candidates, Ids.New(), Ids.New(), AddressChoice.Organisation,
            AddressChoice.RecordOwner, true, new DateTime(2030, 1, 7, 9, 30, 0), "Europe/Warsaw", recurrence, Ids.New(), 1, now, now,
            new DateTimeOffset(2030, 1, 7, 8, 30, 0, TimeSpan.Zero));
    }
}
