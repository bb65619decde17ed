using MassEmail.Core.Sending.RateSharing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Instances sharing one account's rate through the store, on simulated time with unrelated clocks: together
/// never more than the rate in any one-second window (each test checks it over every grant), whatever joins,
/// idles, dies, freezes or loses the store; and the rate is used again once things settle.
/// </summary>
public sealed class RateShareCoordinatorTests
{
    private const int Rate = 100;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Beat_AloneInTheGroup_TakesTheWholeRateAtOnce()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");

        Assert.Equal(0, a.Limiter.CurrentRate);
        Assert.True(await a.Coordinator.BeatAsync(CancellationToken.None));

        Assert.Equal(Rate, a.Limiter.CurrentRate);
        Assert.Equal(Rate, a.StoredShare(sim.Store));
    }

    [Fact]
    public async Task Beat_SecondMemberJoins_SharesSplitWithoutEverExceedingTheRate()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        await sim.RunAsync(3 * Second);
        AssertRateUsed(sim);

        var b = sim.Add("b");
        await sim.RunAsync(4 * Second);

        AssertNeverAboveRate(sim);
        Assert.Equal(Rate / 2, a.StoredShare(sim.Store));
        Assert.Equal(Rate / 2, b.StoredShare(sim.Store));
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_ShareLoweredWhilePermitsStillCount_StoresWhatStillCountsSoOthersTakeTheRestAtOnce()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        await sim.RunAsync(3 * Second);
        var b = sim.Add("b");
        while (a.Limiter.CurrentRate == Rate)
        {
            await sim.RunAsync(RateSimulation.Step);
        }

        // a grants at half the rate now, but its permits of the last second count until they age out. A beat
        // meanwhile (as the quick beats of a changing share are) stores what still counts, not the old share.
        await sim.RunAsync(20 * RateSimulation.Step);
        Assert.True(await a.Coordinator.BeatAsync(CancellationToken.None));
        var stored = a.StoredShare(sim.Store);
        Assert.InRange(stored, (Rate / 2) + 1, Rate - 1);
        Assert.Equal(a.Limiter.Counted(), stored);

        Assert.True(await b.Coordinator.BeatAsync(CancellationToken.None));
        Assert.Equal(Rate - stored, b.StoredShare(sim.Store));
        await sim.RunAsync(3 * Second);
        AssertNeverAboveRate(sim);
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_ThreeMembers_RemainderOfTheRateGoesToOneSoAllOfItIsUsed()
    {
        var sim = new RateSimulation(Rate);
        SimulatedMember[] members = [sim.Add("a"), sim.Add("b"), sim.Add("c")];
        await sim.RunAsync(6 * Second);

        AssertNeverAboveRate(sim);
        Assert.Equal([33, 33, 34], members.Select(m => m.StoredShare(sim.Store)).Order());
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_MemberDiesHoldingItsShare_OthersTakeItOverOnlyAfterItsBeatStoodStillForDeadAfter()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);
        Assert.Equal(Rate / 2, b.StoredShare(sim.Store));

        a.Frozen = true;
        var diedAt = sim.Now;
        while (b.StoredShare(sim.Store) < Rate)
        {
            await sim.RunAsync(RateSimulation.Step);
        }

        // a's last beat was at most one beat before it died, and b must watch it stand still for DeadAfter.
        var takenAfter = sim.Now - diedAt;
        var deadAfter = b.Coordinator.DeadAfter;
        Assert.InRange(takenAfter, deadAfter - RateShareCoordinator.BeatInterval, deadAfter + (2 * RateShareCoordinator.BeatInterval));
        Assert.DoesNotContain(sim.Store[RateSimulation.Key]!.Members, m => m.Id == a.Coordinator.MemberId);
        await sim.RunAsync(2 * Second);
        AssertNeverAboveRate(sim);
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_FrozenLongerThanDeadAfter_GrantsNothingOnWakingAndRejoinsWithoutExceedingTheRate()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);

        // Frozen right after sending, with a request still on its way.
        while (a.OnTheWay == 0)
        {
            await sim.RunAsync(RateSimulation.Step);
        }

        a.Frozen = true;
        var frozenOnTheWay = a.OnTheWay;
        await sim.RunAsync(b.Coordinator.DeadAfter + (3 * Second));
        Assert.Equal(Rate, b.StoredShare(sim.Store));

        // Waking, a tries to send before its first beat: its lease lapsed long ago.
        a.Frozen = false;
        Assert.Equal(0, a.Limiter.CurrentRate);
        Assert.False(a.Limiter.TryAcquire());
        await sim.RunAsync(6 * Second);

        // The one excess the design allows: requests a frozen process had on their way arrive when it wakes,
        // after the others took its share over (it cannot call them back). Nothing it sends after waking exceeds.
        AssertNeverAboveRate(sim, allowance: frozenOnTheWay);
        Assert.Equal(Rate / 2, a.StoredShare(sim.Store));
        Assert.Equal(Rate / 2, b.StoredShare(sim.Store));
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_CutOffFromTheStore_StopsGrantingWhenItsLeaseLapsesAndOthersTakeOver()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);

        a.CutOff = true;
        await sim.RunAsync(RateShareCoordinator.Lease + RateShareCoordinator.BeatInterval);
        Assert.Equal(0, a.Limiter.CurrentRate);
        var arrivedWhileCutOff = a.Arrived;
        await sim.RunAsync(b.Coordinator.DeadAfter);

        Assert.Equal(arrivedWhileCutOff, a.Arrived);
        Assert.Equal(Rate, b.StoredShare(sim.Store));
        a.CutOff = false;
        await sim.RunAsync(6 * Second);
        AssertNeverAboveRate(sim);
        Assert.Equal(Rate / 2, a.StoredShare(sim.Store));
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_MemberWithoutMail_GivesItsShareBackToTheOthers()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);

        b.Sending = false;
        await sim.RunAsync(RateShareCoordinator.DemandWindow + (3 * Second));

        AssertNeverAboveRate(sim);
        Assert.Equal(0, b.StoredShare(sim.Store));
        Assert.Equal(Rate, a.StoredShare(sim.Store));
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_OneMemberThrottled_TheOthersSlowDownAtTheirNextBeat()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);

        a.Limiter.Throttled();
        Assert.Equal(35, a.Limiter.CurrentRate);
        Assert.Equal(0, b.Limiter.Slowdowns);
        await sim.RunAsync(2 * RateShareCoordinator.BeatInterval);

        Assert.Equal(1, b.Limiter.Slowdowns);
        Assert.Equal(35, b.Limiter.CurrentRate);
        Assert.Equal(1, sim.Store[RateSimulation.Key]!.Throttles);
        await sim.RunAsync(2 * RateShareCoordinator.BeatInterval);
        Assert.Equal(1, b.Limiter.Slowdowns);
    }

    [Fact]
    public async Task LeaveAsync_AfterSending_RemovesItsEntryOnlyOnceItsLastGrantLeftTheWindow()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        await sim.RunAsync(5 * Second);

        // a stops: it takes no step of its own any more, only the leave below runs on its clock.
        a.Frozen = true;
        var lastGrantOfA = a.LastGrant;
        var leaving = a.Coordinator.LeaveAsync(CancellationToken.None);
        Assert.Equal(0, a.Limiter.CurrentRate);

        // Its entry stays until the leave's last write removes it; the leave may finish on another thread a moment after
        // that write, so whether it finished is read before the entry: a leave seen finished must have removed it.
        while (true)
        {
            var left = leaving.IsCompleted;
            if (!sim.Store[RateSimulation.Key]!.Members.Any(m => m.Id == a.Coordinator.MemberId))
            {
                break;
            }

            Assert.False(left, "the leave finished with its entry still stored");
            await sim.RunAsync(RateSimulation.Step);
            await Task.Yield();
        }

        Assert.True(sim.Now - lastGrantOfA >= Second, $"left {sim.Now - lastGrantOfA} after its last grant");
        while (!leaving.IsCompleted)
        {
            await sim.RunAsync(RateSimulation.Step);
            await Task.Yield();
        }

        await leaving;
        Assert.DoesNotContain(sim.Store[RateSimulation.Key]!.Members, m => m.Id == a.Coordinator.MemberId);
        await sim.RunAsync(2 * RateShareCoordinator.BeatInterval);
        Assert.Equal(Rate, b.StoredShare(sim.Store));
        AssertNeverAboveRate(sim);
    }

    [Fact]
    public async Task Beat_MembersJoinIdleDieFreezeAndLoseTheStore_NeverMoreThanTheRateInAnyWindow()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        await sim.RunAsync(2 * Second);
        var b = sim.Add("b");
        await sim.RunAsync(Second);
        var c = sim.Add("c");
        await sim.RunAsync(3 * Second);
        c.Sending = false;
        await sim.RunAsync(4 * Second);
        c.Sending = true;
        a.Frozen = true;
        var frozenOnTheWay = a.OnTheWay;
        await sim.RunAsync(2 * Second);
        b.CutOff = true;
        var d = sim.Add("d");
        await sim.RunAsync(4 * Second);
        b.CutOff = false;
        await sim.RunAsync(3 * Second);
        a.Frozen = false;
        await sim.RunAsync(12 * Second);

        // a froze with requests on their way, which arrive when it wakes (see the frozen test): the one allowance.
        AssertNeverAboveRate(sim, allowance: frozenOnTheWay);
        Assert.Equal([25, 25, 25, 25], new[] { a, b, c, d }.Select(m => m.StoredShare(sim.Store)));
        AssertRateUsed(sim);
    }

    [Fact]
    public async Task Beat_RequestsHeldUpOnTheirWay_NeverMoreThanTheRateWhereTheyArrive()
    {
        var sim = new RateSimulation(Rate);
        var a = sim.Add("a");
        var b = sim.Add("b");
        b.Latency = TimeSpan.FromMilliseconds(40);
        await sim.RunAsync(5 * Second);

        // a's requests are stuck on their way for 600 ms (a stalled process or network), then all arrive at once,
        // right before a window of a's and b's regular requests: the stall that broke a limiter counting from grants.
        for (var i = 0; i < 3; i++)
        {
            a.HeldUpUntil = sim.Now + TimeSpan.FromMilliseconds(600);
            await sim.RunAsync(3 * Second);
        }

        AssertNeverAboveRate(sim);
        Assert.Equal(Rate / 2, a.StoredShare(sim.Store));
        AssertRateUsed(sim);
    }

    /// <summary>The rate is used: each permit counts a step (its way to the provider) and its latency beyond a second.</summary>
    private static void AssertRateUsed(RateSimulation sim) => Assert.InRange(sim.ArrivedWithin(Second), sim.AccountRate - 5, sim.AccountRate);

    private static void AssertNeverAboveRate(RateSimulation sim, int allowance = 0)
    {
        var (most, at) = sim.Busiest();
        Assert.True(most <= sim.AccountRate + allowance, $"{most} requests arrived in the second from {at}, above the rate {sim.AccountRate}");
        Assert.True(sim.MostStoredShares <= sim.AccountRate, $"the stored shares added up to {sim.MostStoredShares}");
    }
}
