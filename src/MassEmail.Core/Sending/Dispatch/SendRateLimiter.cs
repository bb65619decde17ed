namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// An exact rate limiter for one transport: never more than <c>rate</c> permits in any window of
/// one second (a sliding log of the grants of the last second), so bursts up to the provider's
/// per-second limit are used fully but never exceeded. Throttling by the provider cuts the rate by
/// 30 % (at most once per second, never below a quarter of the configured rate, so a few throttled
/// calls cannot starve a send); after two quiet seconds it climbs back by 20 % per second.
/// </summary>
public sealed class SendRateLimiter
{
    private static readonly TimeSpan QuietBeforeRecovery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AdjustmentInterval = TimeSpan.FromSeconds(1);
    private readonly TimeProvider time;
    private readonly TimeSpan window;
    private readonly object gate = new();
    private readonly Queue<long> grants;
    private int configuredRate;
    private int floorRate;
    private long lastThrottle;
    private long lastAdjust;

    /// <param name="ratePerSecond">The provider's limit (e.g. SES MaxSendRate), at least 1.</param>
    /// <param name="safetyMargin">Added to the one-second window so that jitter between granting and sending
    /// cannot squeeze more than the rate into any real second.</param>
    public SendRateLimiter(double ratePerSecond, TimeProvider time, TimeSpan? safetyMargin = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        this.time = time;
        configuredRate = (int)Math.Floor(ratePerSecond);
        CurrentRate = configuredRate;
        floorRate = Math.Max(1, configuredRate / 4);
        LowestRate = configuredRate;
        window = TimeSpan.FromSeconds(1) + (safetyMargin ?? TimeSpan.FromMilliseconds(5));
        grants = new Queue<long>(configuredRate);
        lastAdjust = lastThrottle = time.GetTimestamp();
    }

    /// <summary>How many times the provider's throttling made the limiter slow down.</summary>
    public int Slowdowns { get; private set; }

    /// <summary>The lowest rate the limiter ran at so far.</summary>
    public int LowestRate { get; private set; }

    /// <summary>The rate in force now (lower than configured after throttling).</summary>
    public int CurrentRate { get; private set; }

    /// <summary>Waits until a permit is available and takes it.</summary>
    public async ValueTask AcquireAsync(CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetTimestamp();
                Recover(now);
                while (grants.Count > 0 && time.GetElapsedTime(grants.Peek(), now) >= window)
                {
                    grants.Dequeue();
                }

                if (grants.Count < CurrentRate)
                {
                    grants.Enqueue(now);
                    return;
                }

                // Full: the earliest grant must leave the window first. After a rate cut the log may
                // hold more than the new rate; waiting on the one that keeps the count at the rate is exact.
                var blocking = grants.ElementAt(grants.Count - CurrentRate);
                wait = window - time.GetElapsedTime(blocking, now);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, ct);
        }
    }

    /// <summary>
    /// The provider's limit became known or changed: the limiter runs at the new rate from now on
    /// (earlier throttling cuts are forgotten). Grants already in the window still count against it.
    /// </summary>
    public void Resize(double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        lock (gate)
        {
            configuredRate = (int)Math.Floor(ratePerSecond);
            floorRate = Math.Max(1, configuredRate / 4);
            CurrentRate = configuredRate;
            LowestRate = Math.Min(LowestRate, CurrentRate);
        }
    }

    /// <summary>The provider said "too fast": slow down (once per second at most, never below the floor).</summary>
    public void Throttled()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            lastThrottle = now;
            if (time.GetElapsedTime(lastAdjust, now) >= AdjustmentInterval && CurrentRate > floorRate)
            {
                CurrentRate = Math.Max(floorRate, (int)(CurrentRate * 0.7));
                LowestRate = Math.Min(LowestRate, CurrentRate);
                Slowdowns++;
                lastAdjust = now;
            }
        }
    }

    private void Recover(long now)
    {
        if (CurrentRate < configuredRate
            && time.GetElapsedTime(lastThrottle, now) >= QuietBeforeRecovery
            && time.GetElapsedTime(lastAdjust, now) >= AdjustmentInterval)
        {
            CurrentRate = Math.Min(configuredRate, (int)Math.Ceiling(CurrentRate * 1.2));
            lastAdjust = now;
        }
    }
}
