using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.RateSharing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// The beat loop on a fake clock: every <see cref="RateShareCoordinator.BeatInterval"/> while the share is settled,
/// every 100 ms while it changes hands (the giver stopped using it, the taker waits), and not for ever when the views
/// of the members disagree. Each step moves the clock 10 ms and then runs what the timers released.
/// </summary>
public sealed class RateShareCoordinatorRunTests
{
    private const int Rate = 100;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan QuickBeat = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void RunAsync_ShareOnItsWay_BeatsEvery100MsThenAtTheBeatIntervalOnceItArrived()
    {
        var store = new MemoryRateGroupStore();
        var holder = Member(store);
        Beaten(holder.Coordinator);
        using var run = new Loop(Member(store), store);

        // The holder has all of the rate: the newcomer's fair half is free only once the holder gives it back.
        var gaps = run.Gaps(beats: 5);
        Assert.All(gaps, gap => Assert.Equal(QuickBeat, gap));
        Assert.Equal(0, run.Member.Limiter.CurrentRate);

        // The holder's senders went idle: at its next beat it gives all of its share back, the newcomer takes it.
        holder.Clock.Advance(RateShareCoordinator.DemandWindow + TimeSpan.FromSeconds(1));
        Beaten(holder.Coordinator);
        run.Gaps(beats: 1);
        Assert.Equal(Rate, run.Member.Limiter.CurrentRate);
        Assert.Equal([RateShareCoordinator.BeatInterval, RateShareCoordinator.BeatInterval], run.Gaps(beats: 2));
    }

    [Fact]
    public void RunAsync_ShareNeverFreed_BackToTheBeatIntervalAfterTwentyQuickBeats()
    {
        var store = new MemoryRateGroupStore();
        var holder = Member(store);
        Beaten(holder.Coordinator);
        using var run = new Loop(Member(store), store);

        // The holder keeps its share (a member whose beats fail, say): quick beats would only write the store in vain.
        var gaps = run.Gaps(beats: 23);
        Assert.All(gaps.Take(20), gap => Assert.Equal(QuickBeat, gap));
        Assert.All(gaps.Skip(20), gap => Assert.Equal(RateShareCoordinator.BeatInterval, gap));
    }

    /// <summary>One beat, done at once: the store in memory answers synchronously.</summary>
    private static void Beaten(RateShareCoordinator coordinator)
    {
        var beat = coordinator.BeatAsync(CancellationToken.None);
        Assert.True(beat.IsCompletedSuccessfully, "the beat waits for something");
        Assert.True(beat.Result, "the beat's write lost to others' every time");
    }

    private static (FakeTimeProvider Clock, SendRateLimiter Limiter, RateShareCoordinator Coordinator) Member(MemoryRateGroupStore store)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(clock, TimeSpan.FromSeconds(1), countsRequests: true);
        return (clock, limiter, new RateShareCoordinator(store, RateSimulation.Key, limiter, Rate, clock, NullLogger.Instance));
    }

    /// <summary>A member's beat loop on the test's thread: its first beat (the caller's, as on joining), then <see cref="RateShareCoordinator.RunAsync"/>.</summary>
    private sealed class Loop : IDisposable
    {
        private readonly MemoryRateGroupStore store;
        private readonly ManualSynchronizationContext context = new();
        private readonly SynchronizationContext? previous = SynchronizationContext.Current;
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;
        private long lastBeat;
        private TimeSpan lastBeatAt;

        public Loop((FakeTimeProvider Clock, SendRateLimiter Limiter, RateShareCoordinator Coordinator) member, MemoryRateGroupStore store)
        {
            Member = member;
            this.store = store;
            SynchronizationContext.SetSynchronizationContext(context);
            Beaten(member.Coordinator);
            lastBeat = Beat();
            lastBeatAt = Elapsed;
            running = member.Coordinator.RunAsync(stop.Token);
        }

        public (FakeTimeProvider Clock, SendRateLimiter Limiter, RateShareCoordinator Coordinator) Member { get; }

        private TimeSpan Elapsed => Member.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch;

        /// <summary>Steps the clock (a sender asking for permits all along) until the member has written <paramref name="beats"/> more beats; the time between each.</summary>
        public List<TimeSpan> Gaps(int beats)
        {
            var gaps = new List<TimeSpan>();
            while (gaps.Count < beats)
            {
                Assert.True(Elapsed - lastBeatAt <= RateShareCoordinator.BeatInterval, $"no beat for {Elapsed - lastBeatAt}");
                // The member has mail to send all along: it wants its fair part of the rate.
                Member.Limiter.NoteDemand();
                Member.Clock.Advance(Step);
                context.RunPending();
                if (Beat() != lastBeat)
                {
                    gaps.Add(Elapsed - lastBeatAt);
                    (lastBeat, lastBeatAt) = (Beat(), Elapsed);
                }
            }

            return gaps;
        }

        public void Dispose()
        {
            stop.Cancel();
            // The cancelled delay completes its Task.WhenAny on the thread pool, which then posts the loop's continuation here.
            SpinWait.SpinUntil(
                () =>
                {
                    context.RunPending();
                    return running.IsCompleted;
                },
                TimeSpan.FromSeconds(30));
            SynchronizationContext.SetSynchronizationContext(previous);
            Assert.True(running.IsCompletedSuccessfully, $"the loop did not stop when cancelled: {running.Status} {running.Exception}");
            stop.Dispose();
        }

        private long Beat() => store[RateSimulation.Key]!.Members.Single(m => m.Id == Member.Coordinator.MemberId).Beat;
    }
}
