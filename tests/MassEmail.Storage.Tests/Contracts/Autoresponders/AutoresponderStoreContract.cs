using MassEmail.Core;
using MassEmail.Core.Autoresponders;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Autoresponders;

/// <summary>
/// What every <see cref="IAutoresponderStore"/> must do: writes conditional on version, one enrolment per
/// (autoresponder, record), runs that claim each enrolment once and finish only what they hold.
/// </summary>
public abstract class AutoresponderStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IAutoresponderStore Store => Store<IAutoresponderStore>();

    [SkippableFact]
    public async Task InsertAsync_ThenGet_ReturnsEqualAutoresponder_WithStepsAndWindow()
    {
        var a = Autoresponder(await NewOrgAsync()) with { Window = new SendingWindow(0b0111110, 9 * 60, 17 * 60, "Europe/Warsaw") };

        await Store.InsertAsync(a, Ct);

        AssertSame(a, await Store.GetAsync(a.OrgId, a.Id, Ct));
        Assert.Null(await Store.GetAsync(Ids.New(), a.Id, Ct));
        Assert.Null(await Store.GetAsync(a.OrgId, "not-an-id", Ct));
    }

    [SkippableFact]
    public async Task ListAsync_PagesInIdOrder_ListActiveAsync_OnlyActiveOfEveryOrganisation()
    {
        var orgId = await NewOrgAsync();
        var first = Autoresponder(orgId);
        var second = Autoresponder(orgId) with { Active = true, ActivatedAt = TestData.Now() };
        var other = Autoresponder(await NewOrgAsync()) with { Active = true, ActivatedAt = TestData.Now() };
        foreach (var a in new[] { first, second, other })
        {
            await Store.InsertAsync(a, Ct);
        }

        Assert.Equal([first.Id], (await Store.ListAsync(orgId, null, 1, Ct)).Select(a => a.Id));
        Assert.Equal([second.Id], (await Store.ListAsync(orgId, first.Id, 10, Ct)).Select(a => a.Id));
        var active = new List<string>();
        string? after = null;
        while (await Store.ListActiveAsync(after, 100, Ct) is { Count: > 0 } page)
        {
            active.AddRange(page.Select(a => a.Id));
            after = page[^1].Id;
        }

        Assert.Contains(second.Id, active);
        Assert.Contains(other.Id, active);
        Assert.DoesNotContain(first.Id, active);
    }

    [SkippableFact]
    public async Task ReplaceAsync_OnlyAtExpectedVersion_SetCursorAsync_OnlyAtVersionAndKeepsIt()
    {
        var a = Autoresponder(await NewOrgAsync());
        await Store.InsertAsync(a, Ct);
        var next = a with { Name = "Renamed", Version = 2, Active = true, ActivatedAt = TestData.Now() };

        Assert.Equal(WriteOutcome.VersionMismatch, await Store.ReplaceAsync(next with { Version = 3 }, 2, Ct));
        Assert.Equal(WriteOutcome.Done, await Store.ReplaceAsync(next, 1, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Store.ReplaceAsync(next with { Id = Ids.New() }, 1, Ct));
        var cursor = TestData.Now().AddMinutes(1);
        Assert.False(await Store.SetCursorAsync(a.OrgId, a.Id, 1, cursor, Ct));
        Assert.True(await Store.SetCursorAsync(a.OrgId, a.Id, 2, cursor, Ct));

        AssertSame(next with { EnrollCursor = cursor }, await Store.GetAsync(a.OrgId, a.Id, Ct));
    }

    [SkippableFact]
    public async Task EnrollAsync_OncePerRecord_DeleteAsync_RemovesAutoresponderAndEnrolments()
    {
        var a = Autoresponder(await NewOrgAsync());
        await Store.InsertAsync(a, Ct);
        string r1 = Ids.New(), r2 = Ids.New();

        Assert.Equal(1, await Store.EnrollAsync([Enrollment(a, r1)], Ct));
        Assert.Equal(1, await Store.EnrollAsync([Enrollment(a, r1) with { Step = 3 }, Enrollment(a, r2)], Ct));

        var listed = await Store.ListEnrollmentsAsync(a.OrgId, a.Id, null, 10, Ct);
        Assert.Equal(new[] { r1, r2 }.Order(StringComparer.Ordinal), listed.Select(e => e.RecordId));
        Assert.All(listed, e => Assert.Equal(0, e.Step));
        Assert.Equal(Enrollment(a, r1), listed.Single(e => e.RecordId == r1));
        Assert.True(await Store.DeleteAsync(a.OrgId, a.Id, Ct));
        Assert.False(await Store.DeleteAsync(a.OrgId, a.Id, Ct));
        Assert.Empty(await Store.ListEnrollmentsAsync(a.OrgId, a.Id, null, 10, Ct));
    }

    [SkippableFact]
    public async Task ClaimAsync_EachEnrolmentOnce_FinishAsync_OnlyWhatTheRunHolds()
    {
        var a = Autoresponder(await NewOrgAsync());
        var now = TestData.Now();
        string early = Ids.New(), late = Ids.New(), future = Ids.New();
        await Store.EnrollAsync(
            [Enrollment(a, early) with { DueAt = now.AddMinutes(-2) }, Enrollment(a, late) with { DueAt = now.AddMinutes(-1) }, Enrollment(a, future) with { DueAt = now.AddHours(1) }],
            Ct);

        var due = await Store.DueAsync(a.OrgId, a.Id, now, 10, Ct);
        Assert.Equal([early, late], due.Select(e => e.RecordId));
        Assert.Equal(0, await Store.ClaimAsync(a.OrgId, a.Id, 1, [early, late], "run-a", now, Ct));
        Assert.Equal(3, await Store.ClaimAsync(a.OrgId, a.Id, 0, [early, late, future], "run-a", now, Ct));
        Assert.Equal(0, await Store.ClaimAsync(a.OrgId, a.Id, 0, [early, late], "run-b", now, Ct));
        Assert.Empty(await Store.DueAsync(a.OrgId, a.Id, now, 10, Ct));

        Assert.Equal(3, (await Store.ClaimedAsync(a.OrgId, a.Id, "run-a", DateTimeOffset.MaxValue, 10, Ct)).Count);
        Assert.Empty(await Store.ClaimedAsync(a.OrgId, a.Id, null, now, 10, Ct));
        Assert.Equal(3, (await Store.ClaimedAsync(a.OrgId, a.Id, null, now.AddMilliseconds(1), 10, Ct)).Count);

        var next = now.AddDays(1);
        Assert.Equal(0, await Store.FinishAsync(a.OrgId, a.Id, "run-b", [early], new(1, EnrollmentState.Active, next, "", "send-1", now), Ct));
        Assert.Equal(2, await Store.FinishAsync(a.OrgId, a.Id, "run-a", [early, late], new(1, EnrollmentState.Active, next, "", "send-1", now), Ct));
        Assert.Equal(1, await Store.FinishAsync(a.OrgId, a.Id, "run-a", [future], new(0, EnrollmentState.Stopped, now, "opted out", "", now), Ct));
        Assert.Equal(0, await Store.FinishAsync(a.OrgId, a.Id, "run-a", [early], new(2, EnrollmentState.Done, now, "", "send-2", now), Ct));

        var listed = (await Store.ListEnrollmentsAsync(a.OrgId, a.Id, null, 10, Ct)).ToDictionary(e => e.RecordId);
        Assert.Equal((1, EnrollmentState.Active, next, "", "send-1"), Shape(listed[early]));
        Assert.Equal((0, EnrollmentState.Stopped, now, "opted out", ""), Shape(listed[future]));
        Assert.All(listed.Values, e => Assert.Equal(("", null), (e.RunId, e.ClaimedAt)));
        Assert.Empty(await Store.DueAsync(a.OrgId, a.Id, now, 10, Ct));
        Assert.Equal(2, (await Store.DueAsync(a.OrgId, a.Id, next, 10, Ct)).Count);
    }

    [SkippableFact]
    public async Task FinishAsync_EmptySendId_KeepsTheLastSend()
    {
        var a = Autoresponder(await NewOrgAsync());
        var now = TestData.Now();
        var r = Ids.New();
        await Store.EnrollAsync([Enrollment(a, r) with { DueAt = now }], Ct);
        await Store.ClaimAsync(a.OrgId, a.Id, 0, [r], "run-1", now, Ct);
        await Store.FinishAsync(a.OrgId, a.Id, "run-1", [r], new(1, EnrollmentState.Active, now, "", "send-1", now), Ct);
        await Store.ClaimAsync(a.OrgId, a.Id, 1, [r], "run-2", now, Ct);

        await Store.FinishAsync(a.OrgId, a.Id, "run-2", [r], new(1, EnrollmentState.Active, now.AddDays(1), "", "", now), Ct);

        var e = Assert.Single(await Store.ListEnrollmentsAsync(a.OrgId, a.Id, null, 10, Ct));
        Assert.Equal((1, EnrollmentState.Active, now.AddDays(1), "", "send-1"), Shape(e));
    }

    private static DateTimeOffset At { get; } = TestData.Now();

    private static (int, EnrollmentState, DateTimeOffset, string, string) Shape(Enrollment e) => (e.Step, e.State, e.DueAt, e.Reason, e.LastSendId);

    private static void AssertSame(Autoresponder expected, Autoresponder? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected, actual with { Steps = expected.Steps });
    }

    private static Autoresponder Autoresponder(string orgId)
    {
        var now = TestData.Now();
        return new(Ids.New(), orgId, "Welcome series", RecordModule.Candidates, new AutoresponderTrigger(TriggerKind.List, Ids.New()),
            [new(Ids.New(), TimeSpan.FromHours(1), AddressChoice.Organisation, AddressChoice.Account), new(Ids.New(), TimeSpan.FromDays(2), AddressChoice.Template, AddressChoice.Template)],
            null, false, null, false, null, Ids.New(), 1, now, now);
    }

    private static Enrollment Enrollment(Autoresponder a, string recordId) => new(a.OrgId, a.Id, recordId, 0, EnrollmentState.Active, At, "", "", null, "", At, At);
}
