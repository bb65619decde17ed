using MassEmail.Core.Sending.Dispatch;
using MassEmail.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>The limiter's guarantees, on a simulated clock (timing goals live in the benchmark).</summary>
public sealed class SendRateLimiterTests
{
    [Fact]
    public void Acquire_ManyPermits_NeverMoreThanRateInAnyOneSecondWindow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(10, clock, TimeSpan.Zero);
        var grants = new List<DateTimeOffset>();
        var previous = SynchronizationContext.Current;
        var context = new ManualSynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            for (var i = 0; i < 35; i++)
            {
                // Each step runs the continuations the clock released before the clock moves again,
                // so a grant is recorded at the simulated time it was made.
                var acquire = limiter.AcquireAsync(CancellationToken.None).AsTask();
                while (!acquire.IsCompleted)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(10));
                    context.RunPending();
                }

                Assert.True(acquire.IsCompletedSuccessfully);
                grants.Add(clock.GetUtcNow());
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        for (var i = 10; i < grants.Count; i++)
        {
            Assert.True(grants[i] - grants[i - 10] >= TimeSpan.FromSeconds(1), $"grant {i} came {grants[i] - grants[i - 10]} after grant {i - 10}");
        }

        Assert.Equal(10, grants.Count(g => g < DateTimeOffset.UnixEpoch.AddSeconds(1)));
    }

    [Fact]
    public void Throttled_Repeatedly_SlowsOncePerSecondDownToAQuarter()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(100, clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        limiter.Throttled();
        limiter.Throttled();
        Assert.Equal(70, limiter.CurrentRate);

        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            limiter.Throttled();
        }

        Assert.Equal(25, limiter.CurrentRate);
        Assert.Equal(25, limiter.LowestRate);
    }

    [Fact]
    public async Task Throttled_ThenQuiet_RecoversToConfiguredRate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(100, clock);
        clock.Advance(TimeSpan.FromSeconds(1));
        limiter.Throttled();

        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await limiter.AcquireAsync(CancellationToken.None);
        }

        Assert.Equal(100, limiter.CurrentRate);
        Assert.Equal(1, limiter.Slowdowns);
    }

    [Fact]
    public void SetShare_Lower_NeverGrantsMoreThanTheNewShareInOneSecond()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(clock, TimeSpan.FromSeconds(1), countsRequests: false);
        limiter.SetShare(20, long.MaxValue);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire());
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        limiter.SetShare(6, long.MaxValue);
        var granted = 0;
        for (; clock.GetUtcNow() < DateTimeOffset.UnixEpoch.AddSeconds(1); clock.Advance(TimeSpan.FromMilliseconds(10)))
        {
            granted += limiter.TryAcquire() ? 1 : 0;
        }

        Assert.Equal(1, granted);
        Assert.Equal(6, limiter.CurrentRate);
    }

    [Fact]
    public void TryAcquire_PlentyOfDemand_PermitsSpreadOverTheWindowNotBurstAtItsStart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(100, clock, TimeSpan.Zero);
        var perStep = new List<int>();
        for (var step = 0; step < 100; step++)
        {
            var granted = 0;
            while (limiter.TryAcquire())
            {
                granted++;
            }

            perStep.Add(granted);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 50 ms ahead of the schedule at first (6 at once), then one per 10 ms: the second's 100 permits, spread out.
        Assert.Equal(6, perStep[0]);
        Assert.All(perStep.Skip(1), n => Assert.InRange(n, 0, 1));
        Assert.Equal(100, perStep.Sum());
    }

    [Fact]
    public async Task AcquireAsync_NoShareYet_WaitsSaysItStarvesAndGoesOnWhenAShareArrives()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(clock, TimeSpan.FromSeconds(1), countsRequests: true);
        var starved = 0;
        limiter.Starved = () => starved++;

        var acquire = limiter.AcquireAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(acquire.IsCompleted);
        Assert.Equal(1, starved);
        Assert.True(limiter.WantedWithin(TimeSpan.Zero));

        limiter.SetShare(3, clock.GetTimestamp() + clock.TimestampFrequency);
        await acquire;
        Assert.Equal(1, limiter.Counted());
    }

    [Fact]
    public void TryAcquire_ShareLapsed_GrantsNothingUntilRenewed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(clock, TimeSpan.FromSeconds(1), countsRequests: false);
        limiter.SetShare(100, clock.GetTimestamp() + (3 * clock.TimestampFrequency));
        Assert.True(limiter.TryAcquire());

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(limiter.TryAcquire());
        Assert.Equal(0, limiter.CurrentRate);

        limiter.SetShare(100, clock.GetTimestamp() + (3 * clock.TimestampFrequency));
        Assert.True(limiter.TryAcquire());
    }

    [Fact]
    public void TryAcquire_ShareRaisedAfterASmallOne_PacesAtTheNewShareAtOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(clock, TimeSpan.FromSeconds(1), countsRequests: false);
        limiter.SetShare(1, long.MaxValue);
        Assert.True(limiter.TryAcquire());

        // At 1/s the next permit was due a second later; at 100/s it is due within 10 ms.
        limiter.SetShare(100, long.MaxValue);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(limiter.TryAcquire());
    }

    [Fact]
    public void TryAcquire_SenderHeldUpBriefly_TakesThePermitsItMissedWithoutExceedingTheRate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(100, clock, TimeSpan.Zero);
        var grants = new List<long>();
        void TakeAll()
        {
            while (limiter.TryAcquire())
            {
                grants.Add(clock.GetTimestamp());
            }
        }

        for (var step = 0; step < 50; step++)
        {
            TakeAll();
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Held up for 150 ms (storing a batch's outcomes, say): it had taken 50 ms ahead, so it fell 90 ms behind the
        // schedule; those 9 permits are taken now beside the usual 50 ms burst, instead of being lost to the share.
        clock.Advance(TimeSpan.FromMilliseconds(140));
        var before = grants.Count;
        TakeAll();
        Assert.Equal(9 + 6, grants.Count - before);

        for (var step = 0; step < 150; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            TakeAll();
        }

        Assert.Equal(100, SlidingWindow.Busiest(grants, clock.TimestampFrequency).Count);
    }

    [Fact]
    public void TryAcquire_AfterALongIdle_CatchesUpOnAtMost100MsOfTheSchedule()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = new SendRateLimiter(100, clock, TimeSpan.Zero);
        Assert.True(limiter.TryAcquire());

        clock.Advance(TimeSpan.FromSeconds(5));
        var granted = 0;
        while (limiter.TryAcquire())
        {
            granted++;
        }

        // 100 ms missed and 50 ms ahead, one per 10 ms: not the whole idle time's worth.
        Assert.Equal(16, granted);
    }
}
