using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// What every store must do for crash-safe quota settlement (issue 10 item 5): <see cref="IQuotaStore.ReleaseUpToAsync"/>
/// gives back once per key however often and however concurrently it is called, and the send store keeps the
/// <see cref="MassSend.QuotaSettled"/> flag and lists the final sends without it.
/// </summary>
public abstract class QuotaSettlementContract(StoreFixture fixture) : SendingContract(fixture)
{
    private static readonly DateOnly Day = new(2031, 3, 14);

    private IQuotaStore Quotas => Store<IQuotaStore>();

    [SkippableFact]
    public async Task ReleaseUpToAsync_CalledTwice_GivesBackOnce()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 100, 1000, Ct);

        Assert.Equal(30, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 30, Ct));
        Assert.Equal(0, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 30, Ct));

        Assert.Equal(70, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task ReleaseUpToAsync_LargerTotalLater_GivesBackOnlyTheDifferenceAndNeverTakesBack()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 100, 1000, Ct);
        await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 30, Ct);

        Assert.Equal(20, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 50, Ct));
        Assert.Equal(0, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 10, Ct));

        Assert.Equal(50, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task ReleaseUpToAsync_OtherKeyCounterDayOrOrg_CountedApart()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        foreach (var (org, counter, day) in new[] { (orgId, "bulk", Day), (orgId, "individual", Day), (orgId, "bulk", Day.AddDays(1)), (otherOrg, "bulk", Day) })
        {
            await Quotas.TryReserveAsync(org, counter, day, 100, 1000, Ct);
        }

        await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 10, Ct);
        Assert.Equal(10, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-2", 10, Ct));
        Assert.Equal(10, await Quotas.ReleaseUpToAsync(orgId, "individual", Day, "send-1", 10, Ct));
        Assert.Equal(10, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day.AddDays(1), "send-1", 10, Ct));
        Assert.Equal(10, await Quotas.ReleaseUpToAsync(otherOrg, "bulk", Day, "send-1", 10, Ct));

        Assert.Equal(80, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
        Assert.Equal(90, await Quotas.GetUsedAsync(otherOrg, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task ReleaseUpToAsync_MoreThanUsedOrOnACounterNeverUsed_NeverBelowZeroAndStillRecorded()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 5, 1000, Ct);

        Assert.Equal(8, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 8, Ct));
        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
        Assert.Equal(4, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day.AddDays(2), "send-1", 4, Ct));
        Assert.Equal(0, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day.AddDays(2), "send-1", 4, Ct));
        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day.AddDays(2), Ct));
        Assert.Equal(0, await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-2", 0, Ct));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("$set")]
    [InlineData("with space")]
    public async Task ReleaseUpToAsync_NotAReleaseKey_RefusedAndChangesNothing(string key)
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 10, 1000, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Quotas.ReleaseUpToAsync(orgId, "bulk", Day, key, 5, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", -1, Ct));

        Assert.Equal(10, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    /// <summary>
    /// Two instances settling one send at once (each call its own connection on SQLite, its own operation on MongoDB),
    /// while reservations and plain releases move the same counter: the key gives back once, and nothing else is lost.
    /// </summary>
    [SkippableFact]
    public async Task ReleaseUpToAsync_ConcurrentSettlementsAndReservations_GiveBackOnceAndKeepTheCountExact()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 500, 10_000, Ct);

        long[] given = await Race.RunAsync(24, async i =>
        {
            switch (i % 3)
            {
                case 0:
                    return await Quotas.ReleaseUpToAsync(orgId, "bulk", Day, "send-1", 200, Ct);
                case 1:
                    Assert.True((await Quotas.TryReserveAsync(orgId, "bulk", Day, 3, 10_000, Ct)).Granted);
                    return -1L;
                default:
                    await Quotas.ReleaseAsync(orgId, "bulk", Day, 2, Ct);
                    return -1L;
            }
        });

        Assert.Equal([.. Enumerable.Repeat(0L, 7), 200L], given.Where(g => g >= 0).Order());
        Assert.Equal(500 - 200 + (8 * 3) - (8 * 2), await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_QuotaSettled_RoundTripsAndNewSendsStartUnsettled()
    {
        MassSend send = await InsertSendAsync();
        Assert.False((await Sends.GetAsync(send.OrgId, send.Id, Ct))!.QuotaSettled);
        MassSend settled = send with { State = SendState.Completed, SnapshotComplete = true, QuotaSettled = true, Version = send.Version + 1 };

        Assert.Equal(Core.Templates.WriteOutcome.Done, await Sends.ReplaceAsync(settled, send.Version, Ct));

        Assert.Equal(settled, await Sends.GetAsync(send.OrgId, send.Id, Ct));
    }

    [SkippableFact]
    public async Task ListUnsettledAsync_SendsOfEveryOrg_ReturnsOnlyFinalUnsettledOldestFirstUpToLimit()
    {
        await using StoreInstance store = await OpenInitializedAsync();
        static Func<MassSend, MassSend> In(SendState state, bool settled) => s => s with { State = state, SnapshotComplete = true, QuotaSettled = settled };
        MassSend a = await InsertSendAsync(store, change: In(SendState.Completed, false));
        await InsertSendAsync(store, a.OrgId, In(SendState.Completed, true));
        await InsertSendAsync(store, a.OrgId, In(SendState.Sending, false));
        await InsertSendAsync(store, a.OrgId, In(SendState.Paused, false));
        MassSend b = await InsertSendAsync(store, change: In(SendState.Cancelled, false));
        await InsertSendAsync(store, a.OrgId, In(SendState.Cancelled, true));
        await InsertSendAsync(store, a.OrgId, s => s with { QuotaSettled = false });
        MassSend c = await InsertSendAsync(store, a.OrgId, In(SendState.Completed, false));

        IMassSendStore sends = store.Get<IMassSendStore>();
        Assert.Equal([a, b, c], await sends.ListUnsettledAsync(10, Ct));
        Assert.Equal([a, b], await sends.ListUnsettledAsync(2, Ct));
    }
}
