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
/// caller (a dead holder's claim is taken over after its lease), and nothing crosses organisations.
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
        await Schedules.InsertAsync(first, Ct);
        await Schedules.InsertAsync(second, Ct);

        Assert.Equal(first, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal([first, second], await Schedules.ListAsync(orgId, null, 10, Ct));
        Assert.Equal([second], await Schedules.ListAsync(orgId, first.Id, 10, Ct));
        Assert.Equal([first], await Schedules.ListAsync(orgId, null, 1, Ct));

        var edited = first with { Name = "Edited", Active = false, Recurrence = null, Version = 2, NextFireAt = first.NextFireAt!.Value.AddDays(1) };
        Assert.Equal(WriteOutcome.VersionMismatch, await Schedules.ReplaceAsync(edited, 5, Ct));
        Assert.Equal(WriteOutcome.Done, await Schedules.ReplaceAsync(edited, 1, Ct));
        Assert.Equal(edited, await Schedules.GetAsync(orgId, first.Id, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Schedules.ReplaceAsync(edited with { Id = Ids.New() }, 1, Ct));

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
        await Schedules.InsertAsync(schedule, Ct);

        Assert.Null(await Schedules.GetAsync(other, schedule.Id, Ct));
        Assert.Empty(await Schedules.ListAsync(other, null, 10, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Schedules.ReplaceAsync(schedule with { OrgId = other, Version = 2 }, 1, Ct));
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

        await Schedules.InsertAsync(schedule, Ct);
        var afterInsert = await Schedules.ChangeMarkerAsync(Ct);
        await Schedules.ReplaceAsync(schedule with { Version = 2 }, 1, Ct);
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
            await Schedules.InsertAsync(s, Ct);
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

    private static Schedule NewSchedule(string orgId, Recurrence? recurrence)
    {
        var now = TestData.Now();
        return new Schedule(Ids.New(), orgId, "Weekly news", RecordModule.Candidates, Ids.New(), Ids.New(), AddressChoice.Organisation,
            AddressChoice.RecordOwner, true, new DateTime(2030, 1, 7, 9, 30, 0), "Europe/Warsaw", recurrence, Ids.New(), 1, now, now,
            new DateTimeOffset(2030, 1, 7, 8, 30, 0, TimeSpan.Zero));
    }
}
