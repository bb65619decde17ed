using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Issue 10 item 5: <see cref="QuotaSettlement"/> and the settlement pass on a fake clock. Every crash point between a
/// send's final write and its flag leaves it either unsettled with nothing given back, or given back once; the pass
/// settles what a crash left; a cancelled send gives back what was never attempted once nothing of it can still leave.
/// </summary>
public sealed class QuotaSettlementTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryQuotas quotas = new();
    private readonly MemorySends sends = new();
    private readonly FixedCounts counts = new();

    [Fact]
    public async Task SettleAsync_Completed_GivesBackAllButSentAndUnknownAndSetsTheFlag()
    {
        var send = await StoreAsync(SendState.Completed, reserved: 100);
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 60, Failed: 5, Skipped: 20, Unknown: 3));

        Assert.True(await Settlement().SettleAsync(send, Ct));

        Assert.Equal(63, quotas.Used);
        Assert.True(sends.Get(send.Id).QuotaSettled);
        Assert.False(await Settlement().SettleAsync(sends.Get(send.Id), Ct));
        Assert.Equal(1, quotas.Releases);
    }

    [Fact]
    public async Task SettleAsync_CrashAfterTheReleaseBeforeTheFlag_SettlingAgainGivesBackNothingMore()
    {
        var send = await StoreAsync(SendState.Completed, reserved: 100);
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 40, Failed: 0, Skipped: 0, Unknown: 0));
        // The first write of a settlement that died before its second.
        await new SendQuota(quotas).SettleAsync(send, counts.Of(send), Ct);
        Assert.Equal(40, quotas.Used);

        Assert.True(await Settlement().SettleAsync(send, Ct));

        Assert.Equal(40, quotas.Used);
        Assert.True(sends.Get(send.Id).QuotaSettled);
    }

    [Fact]
    public async Task SettleAsync_CancelledWithABatchStillHeld_WaitsUntilItIsReleased()
    {
        var send = await StoreAsync(SendState.Cancelled, reserved: 100);
        counts.Set(send, new DeliveryCounts(Pending: 50, Claimed: 10, Sent: 40, Failed: 0, Skipped: 0, Unknown: 0));

        Assert.False(await Settlement().SettleAsync(send, Ct));
        Assert.Equal(100, quotas.Used);

        // The held batch sent 6 more before its end; its 4 others went back to PENDING, never to be sent.
        counts.Set(send, new DeliveryCounts(Pending: 54, Claimed: 0, Sent: 46, Failed: 0, Skipped: 0, Unknown: 0));
        Assert.True(await Settlement().SettleAsync(send, Ct));
        Assert.Equal(46, quotas.Used);
    }

    [Fact]
    public async Task SettleAsync_CancelledWhileItsSnapshotIsLeased_WaitsUntilTheLeaseEnds()
    {
        var send = await StoreAsync(SendState.Cancelled, reserved: 100, snapshotLease: TimeSpan.FromSeconds(60));
        counts.Set(send, new DeliveryCounts(Pending: 30, Claimed: 0, Sent: 0, Failed: 0, Skipped: 0, Unknown: 0));

        Assert.False(await Settlement().SettleAsync(send, Ct));
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.True(await Settlement().SettleAsync(send, Ct));
        Assert.Equal(0, quotas.Used);
    }

    [Theory]
    [InlineData(SendState.Queued)]
    [InlineData(SendState.Sending)]
    [InlineData(SendState.Paused)]
    public async Task SettleAsync_NotFinal_GivesBackNothing(SendState state)
    {
        var send = await StoreAsync(state, reserved: 100);
        counts.Set(send, new DeliveryCounts(0, 0, 0, 0, 0, 0));

        Assert.False(await Settlement().SettleAsync(send, Ct));
        Assert.Equal(100, quotas.Used);
    }

    [Fact]
    public async Task SettleAsync_ReopenedAndCompletedAgain_GivesBackOnlyTheDifference()
    {
        var send = await StoreAsync(SendState.Completed, reserved: 100);
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 80, Failed: 10, Skipped: 0, Unknown: 10));
        await Settlement().SettleAsync(send, Ct);
        Assert.Equal(90, quotas.Used);

        // The 10 UNKNOWN are requeued; 4 are sent and 6 fail.
        var settled = sends.Get(send.Id);
        var reopened = settled.Reopen(clock.GetUtcNow());
        sends.Put(reopened.Complete(clock.GetUtcNow()));
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 84, Failed: 16, Skipped: 0, Unknown: 0));

        Assert.True(await Settlement().SettleAsync(sends.Get(send.Id), Ct));
        Assert.Equal(84, quotas.Used);
    }

    [Fact]
    public async Task SettleAsync_SendMovedSinceRead_GivesBackOnceAndLeavesTheFlagToTheNextPass()
    {
        var send = await StoreAsync(SendState.Completed, reserved: 100);
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 70, Failed: 0, Skipped: 30, Unknown: 0));
        sends.Put(send with { Version = send.Version + 1 });

        Assert.False(await Settlement().SettleAsync(send, Ct));
        Assert.True(await Settlement().SettleAsync(sends.Get(send.Id), Ct));
        Assert.Equal(70, quotas.Used);
    }

    [Fact]
    public async Task SettlementWork_UnsettledSends_SettledOncePerPollIntervalAtMost()
    {
        var options = Options.Create(new SendingOptions());
        var work = new QuotaSettlementWork(sends, Settlement(), options, clock);
        var completed = await StoreAsync(SendState.Completed, reserved: 10);
        var cancelled = await StoreAsync(SendState.Cancelled, reserved: 20);
        var sending = await StoreAsync(SendState.Sending, reserved: 30);
        counts.Set(completed, new DeliveryCounts(0, 0, Sent: 10, Failed: 0, Skipped: 0, Unknown: 0));
        counts.Set(cancelled, new DeliveryCounts(Pending: 15, Claimed: 0, Sent: 5, Failed: 0, Skipped: 0, Unknown: 0));
        counts.Set(sending, new DeliveryCounts(30, 0, 0, 0, 0, 0));

        var pass = await work.ClaimAsync("w", Ct);
        Assert.NotNull(pass);
        await pass.RunAsync(Ct);

        Assert.Equal(10 + 5 + 30, quotas.Used);
        Assert.True(sends.Get(completed.Id).QuotaSettled && sends.Get(cancelled.Id).QuotaSettled);
        Assert.False(sends.Get(sending.Id).QuotaSettled);

        var again = await StoreAsync(SendState.Cancelled, reserved: 40);
        counts.Set(again, new DeliveryCounts(40, 0, 0, 0, 0, 0));
        Assert.Null(await work.ClaimAsync("w", Ct));
        clock.Advance(options.Value.PollInterval);
        await (await work.ClaimAsync("w", Ct))!.RunAsync(Ct);
        Assert.Equal(10 + 5 + 30, quotas.Used);
        Assert.Null(await work.ClaimAsync("w", Ct));
    }

    [Fact]
    public async Task RequeueUnknown_SettlementMovedTheCompletedSendMeanwhile_StillReopensIt()
    {
        var send = await StoreAsync(SendState.Completed, reserved: 10);
        counts.Set(send, new DeliveryCounts(0, 0, Sent: 7, Failed: 0, Skipped: 0, Unknown: 3));
        counts.OnRequeue = () =>
        {
            // The settlement sets its flag between the service's read and its reopen.
            sends.Put(send.Settled(clock.GetUtcNow()));
            return 3;
        };
        var service = new MassSendService(sends, counts, new SendQuota(quotas), null!, null!, null!, null!, null!, null!, null!, clock);

        Assert.Equal(3, await service.RequeueUnknownAsync(new Caller(send.OrgId, send.CreatedByUserId, "k", Permission.All), send.Id, Ct));

        Assert.Equal((SendState.Sending, false), (sends.Get(send.Id).State, sends.Get(send.Id).QuotaSettled));
    }

    private QuotaSettlement Settlement() => new(sends, counts, new SendQuota(quotas), clock);

    private async Task<MassSend> StoreAsync(SendState state, long reserved, TimeSpan? snapshotLease = null)
    {
        var at = clock.GetUtcNow();
        Assert.True((await quotas.TryReserveAsync("org", "bulk", default, reserved, long.MaxValue, Ct)).Granted);
        var send = new MassSend(Ids.New(), Ids.New(), RecordModule.Candidates, Ids.New(), 1, AddressChoice.Organisation, AddressChoice.Account,
            Ids.New(), "{}", "{}", Ids.New(), state, "", reserved, DateOnly.FromDateTime(at.UtcDateTime), 4, at, at, snapshotLease is null,
            snapshotLease is null ? null : "worker", at + snapshotLease, null);
        sends.Put(send);
        return send;
    }
}
