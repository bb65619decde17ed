using MassEmail.Core.Sending.Dispatch;
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
}
