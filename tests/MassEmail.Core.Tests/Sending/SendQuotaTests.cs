using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Tests.Sending;

/// <summary>Issue 10 item 5: <see cref="SendQuota"/>, the one place mass sends reserve and give back bulk quota.</summary>
public sealed class SendQuotaTests
{
    private static readonly DateOnly Day = new(2026, 12, 4);
    private readonly MemoryQuotas counters = new();

    [Fact]
    public async Task SettleAsync_CompletedSend_GivesBackAllButSentAndUnknown()
    {
        var quota = new SendQuota(counters);
        Assert.True((await quota.ReserveAsync("org", Day, 100, 250, CancellationToken.None)).Granted);

        await quota.SettleAsync(Send(reserved: 100), new DeliveryCounts(0, 0, Sent: 60, Failed: 5, Skipped: 20, Unknown: 3), CancellationToken.None);

        Assert.Equal(63, counters.Used);
    }

    [Fact]
    public async Task GiveBackAsync_NothingOrLessThanNothing_CounterUnchanged()
    {
        var quota = new SendQuota(counters);
        await quota.ReserveAsync("org", Day, 10, 250, CancellationToken.None);

        await quota.GiveBackAsync("org", Day, 0, CancellationToken.None);
        await quota.SettleAsync(Send(reserved: 10), new DeliveryCounts(0, 0, Sent: 12, Failed: 0, Skipped: 0, Unknown: 0), CancellationToken.None);

        Assert.Equal(10, counters.Used);
        Assert.Equal(0, counters.Releases);
    }

    [Fact]
    public async Task ReserveAsync_BeyondTheLimit_Refused()
    {
        var quota = new SendQuota(counters);
        await quota.ReserveAsync("org", Day, 200, 250, CancellationToken.None);

        Assert.Equal((false, 200L), await quota.ReserveAsync("org", Day, 51, 250, CancellationToken.None));
    }

    private static MassSend Send(long reserved) =>
        new("s", "org", RecordModule.Candidates, "t", 1, AddressChoice.Organisation, AddressChoice.Account, "u", "{}", "{}", "k",
            SendState.Completed, "", reserved, Day, 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, true, null, null, null);
}
