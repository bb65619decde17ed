using MassEmail.Core;
using MassEmail.Core.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Syncs;

/// <summary>
/// What every <see cref="IOptOutPollStore"/> must do: one holder polls a (connection, remote list) at a time, the
/// cursor is stored only by the holder, and a released poll is due again at its time with the cursor it left.
/// </summary>
public abstract class OptOutPollStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IOptOutPollStore Polls => Store<IOptOutPollStore>();

    [SkippableFact]
    public async Task TryClaimAsync_FirstClaimWithoutCursor_AnotherHolderRefusedUntilTheLeaseEnds()
    {
        var (orgId, connectionId) = (await NewOrgAsync(), Ids.New());
        var now = TestData.Now();

        var first = await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-a", now, now.AddMinutes(2), Ct);
        var second = await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-b", now.AddMinutes(1), now.AddMinutes(3), Ct);
        var otherList = await Polls.TryClaimAsync(orgId, connectionId, "list-2", "holder-b", now, now.AddMinutes(2), Ct);
        var afterLease = await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-b", now.AddMinutes(2), now.AddMinutes(4), Ct);

        Assert.Equal(new OptOutPollClaim(null), first);
        Assert.Null(second);
        Assert.NotNull(otherList);
        Assert.NotNull(afterLease);
        Assert.False(await Polls.SaveCursorAsync(orgId, connectionId, "list-1", "holder-a", "stale", now.AddMinutes(5), Ct));
    }

    [SkippableFact]
    public async Task SaveCursorAsync_ThenRelease_DueAtItsTimeWithTheCursor()
    {
        var (orgId, connectionId) = (await NewOrgAsync(), Ids.New());
        var now = TestData.Now();
        Assert.NotNull(await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-a", now, now.AddMinutes(2), Ct));

        Assert.True(await Polls.SaveCursorAsync(orgId, connectionId, "list-1", "holder-a", "unsub:20;bounce:3", now.AddMinutes(2), Ct));
        Assert.False(await Polls.SaveCursorAsync(orgId, connectionId, "list-1", "holder-b", "forged", now.AddMinutes(2), Ct));
        await Polls.ReleaseAsync(orgId, connectionId, "list-1", "holder-b", now, Ct);
        await Polls.ReleaseAsync(orgId, connectionId, "list-1", "holder-a", now.AddMinutes(5), Ct);

        Assert.Null(await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-b", now.AddMinutes(4), now.AddMinutes(6), Ct));
        Assert.Equal(new OptOutPollClaim("unsub:20;bounce:3"), await Polls.TryClaimAsync(orgId, connectionId, "list-1", "holder-b", now.AddMinutes(5), now.AddMinutes(7), Ct));
    }
}
