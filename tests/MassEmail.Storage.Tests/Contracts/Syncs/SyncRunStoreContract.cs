using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Syncs;

/// <summary>
/// What every <see cref="ISyncDefinitionStore"/> must do for sync runs: a claim leases one due run (by schedule or by a
/// "sync now") to one holder until its lease ends; checkpoints and releases count only from the holder;
/// a release forgets the requests its run served and keeps those made since. Claims span organisations, so each test
/// deletes its definitions at the end: nothing it leaves is due for the next.
/// </summary>
public abstract class SyncRunStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly DateTimeOffset Now = TestData.Now();
    private readonly List<SyncDefinition> created = [];

    private ISyncDefinitionStore Definitions => Store<ISyncDefinitionStore>();

    [SkippableFact]
    public async Task ClaimRunAsync_OnlyDueRuns_EachHeldByOneUntilItsLeaseEnds()
    {
        try
        {
            var second = await InsertAsync("second", Now.AddMinutes(-1));
            var first = await InsertAsync("first", Now.AddMinutes(-2));
            await InsertAsync("later", Now.AddHours(1));
            await InsertAsync("never", null);

            var a = await Definitions.ClaimRunAsync("h1", Now, Now.AddMinutes(2), Ct);
            var b = await Definitions.ClaimRunAsync("h2", Now, Now.AddMinutes(3), Ct);
            var none = await Definitions.ClaimRunAsync("h3", Now.AddMinutes(1), Now.AddMinutes(3), Ct);

            Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), new[] { a!.Definition.Id, b!.Definition.Id }.Order(StringComparer.Ordinal));
            Assert.Equal((a.Definition.Id == first.Id ? first : second).NextRunAt, a.Definition.NextRunAt);
            Assert.Null(a.RequestedAt);
            Assert.Null(none);
            if (a.Definition.Id != first.Id)
            {
                // From here "first" is h1's run and "second" h2's.
                (first, second) = (second, first);
            }

            // h1's lease ends: its run is claimable again (it stays due while held), and h1's writes count no more.
            var taken = await Definitions.ClaimRunAsync("h3", Now.AddMinutes(2), Now.AddMinutes(4), Ct);
            Assert.Equal(first.Id, taken?.Definition.Id);
            var status = SyncStatus.Initial with { State = SyncState.InProgress, Cursor = "rec-42", DoneAfterCursor = ["rec-45", "rec-47"], SyncedContacts = 44, RunStartedAt = Now };
            Assert.False(await Definitions.SaveRunAsync(first.OrgId, first.Id, "h1", status with { Cursor = "stale" }, Now.AddMinutes(9), Ct));
            Assert.False(await Definitions.ReleaseRunAsync(first.OrgId, first.Id, "h1", status, null, Now, Ct));
            Assert.True(await Definitions.SaveRunAsync(first.OrgId, first.Id, "h3", status, Now.AddMinutes(6), Ct));
            Assert.Equal(status, (await Definitions.GetAsync(first.OrgId, first.Id, Ct))!.Status);

            // The checkpoint extended h3's lease past its first end: at +5 min only h2's run is free again.
            Assert.Equal(second.Id, (await Definitions.ClaimRunAsync("h4", Now.AddMinutes(5), Now.AddMinutes(7), Ct))?.Definition.Id);
            Assert.Null(await Definitions.ClaimRunAsync("h5", Now.AddMinutes(5), Now.AddMinutes(7), Ct));
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task ReleaseRunAsync_StoresStatusAndNextTime_FreesTheRun()
    {
        try
        {
            var d = await InsertAsync("daily", Now.AddSeconds(-1));
            Assert.NotNull(await Definitions.ClaimRunAsync("h", Now, Now.AddMinutes(2), Ct));
            var done = SyncStatus.Initial with
            {
                State = SyncState.Idle,
                LastSuccessAt = Now,
                SyncedContacts = 10_000,
                FailedContacts = 1,
                Failures = [new SyncContactFailure(Ids.New(), "bad@example.org", "InvalidEmail", "2004 invalid email")],
            };

            Assert.True(await Definitions.ReleaseRunAsync(d.OrgId, d.Id, "h", done, Now.AddDays(1), Now, Ct));

            var stored = await Definitions.GetAsync(d.OrgId, d.Id, Ct);
            Assert.Equal((done, Now.AddDays(1)), (stored!.Status, stored.NextRunAt));
            Assert.Null(await Definitions.ClaimRunAsync("h", Now.AddHours(23), Now.AddHours(24), Ct));
            Assert.Equal(d.Id, (await Definitions.ClaimRunAsync("h2", Now.AddDays(1), Now.AddDays(2), Ct))?.Definition.Id);
            Assert.True(await Definitions.ReleaseRunAsync(d.OrgId, d.Id, "h2", done, null, null, Ct));
            Assert.Null((await Definitions.GetAsync(d.OrgId, d.Id, Ct))!.NextRunAt);
            Assert.Null(await Definitions.ClaimRunAsync("h", Now.AddYears(5), Now.AddYears(6), Ct));
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task RequestRunAsync_MakesTheRunDue_AReleaseForgetsOnlyTheRequestsItsRunServed()
    {
        try
        {
            var d = await InsertAsync("on request", null);
            Assert.False(await Definitions.RequestRunAsync(d.OrgId, Ids.New(), false, Now, Ct));
            Assert.False(await Definitions.RequestRunAsync(await NewOrgAsync(), d.Id, false, Now, Ct));
            Assert.Null(await Definitions.ClaimRunAsync("h", Now, Now.AddMinutes(2), Ct));

            Assert.Null((await Definitions.GetAsync(d.OrgId, d.Id, Ct))?.RunRequestedAt);
            Assert.True(await Definitions.RequestRunAsync(d.OrgId, d.Id, true, Now.AddSeconds(1), Ct));
            // Readable (the metrics count a requested run as due), and never written by an insert or an update.
            Assert.Equal(Now.AddSeconds(1), (await Definitions.GetAsync(d.OrgId, d.Id, Ct))?.RunRequestedAt);
            Assert.Null(await Definitions.ClaimRunAsync("h", Now, Now.AddMinutes(2), Ct));
            var claim = await Definitions.ClaimRunAsync("h", Now.AddSeconds(2), Now.AddMinutes(2), Ct);
            Assert.Equal((d.Id, (DateTimeOffset?)Now.AddSeconds(1), true), (claim?.Definition.Id, claim?.RequestedAt, claim?.RequestedFull));

            // Asked again while the run goes on: the release of the run that started at +2 s keeps that request.
            Assert.True(await Definitions.RequestRunAsync(d.OrgId, d.Id, false, Now.AddSeconds(3), Ct));
            Assert.True(await Definitions.ReleaseRunAsync(d.OrgId, d.Id, "h", SyncStatus.Initial, null, Now.AddSeconds(2), Ct));
            var again = await Definitions.ClaimRunAsync("h", Now.AddSeconds(4), Now.AddMinutes(2), Ct);
            Assert.Equal((d.Id, (DateTimeOffset?)Now.AddSeconds(3)), (again?.Definition.Id, again?.RequestedAt));

            // A release that serves nothing (a run handed back unfinished) keeps it too; one that serves it forgets it.
            Assert.True(await Definitions.ReleaseRunAsync(d.OrgId, d.Id, "h", SyncStatus.Initial, null, null, Ct));
            Assert.NotNull(await Definitions.ClaimRunAsync("h", Now.AddSeconds(5), Now.AddMinutes(2), Ct));
            Assert.True(await Definitions.ReleaseRunAsync(d.OrgId, d.Id, "h", SyncStatus.Initial, null, Now.AddSeconds(4), Ct));
            Assert.Null(await Definitions.ClaimRunAsync("h", Now.AddHours(1), Now.AddHours(2), Ct));
            Assert.Null((await Definitions.GetAsync(d.OrgId, d.Id, Ct))?.RunRequestedAt);

            Assert.True(await Definitions.RequestRunAsync(d.OrgId, d.Id, false, Now.AddHours(2), Ct));
            var plain = await Definitions.ClaimRunAsync("h", Now.AddHours(2), Now.AddHours(3), Ct);
            Assert.Equal((DateTimeOffset?)Now.AddHours(2), plain?.RequestedAt);
            Assert.False(plain!.RequestedFull);
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task UpdateAsync_ReplacesTheNextRunTimeOnlyWhenGiven()
    {
        try
        {
            var d = await InsertAsync("rescheduled", Now.AddHours(1));

            Assert.True(await Definitions.UpdateAsync(d with { Name = "renamed", Version = 2, NextRunAt = null }, 1, Ct));
            Assert.Equal(Now.AddHours(1), (await Definitions.GetAsync(d.OrgId, d.Id, Ct))!.NextRunAt);
            Assert.True(await Definitions.UpdateAsync(d with { Version = 3, NextRunAt = Now.AddHours(5) }, 2, Ct));
            Assert.Equal(Now.AddHours(5), (await Definitions.GetAsync(d.OrgId, d.Id, Ct))!.NextRunAt);
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private async Task<SyncDefinition> InsertAsync(string name, DateTimeOffset? nextRunAt)
    {
        var settings = new SyncSettings(
            RecordModule.Candidates, new SyncSource(SyncSourceKind.View, Ids.New()), "list-1", [new(StandardFields.Email, "Contact Email")],
            true, RecordDeletedAction.RemoveFromList, new ScheduleTiming(new DateTime(2030, 1, 1, 9, 0, 0), "Europe/Warsaw", null), false);
        var definition = new SyncDefinition(Ids.New(), await NewOrgAsync(), Ids.New(), name, settings, SyncStatus.Initial, Ids.New(), Now, Now, 1, nextRunAt);
        await Definitions.InsertAsync(definition, Ct);
        created.Add(definition);
        return definition;
    }

    private async Task CleanUpAsync()
    {
        foreach (var d in created)
        {
            await Definitions.DeleteAsync(d.OrgId, d.Id, Ct);
        }
    }
}
