namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// An exact rate limiter for one transport: never more than <c>rate</c> permits in any window of
/// one second (a sliding log of the grants of the last second), so bursts up to the provider's
/// per-second limit are used fully but never exceeded. Throttling by the provider halves the rate;
/// it climbs back by 10 % per quiet interval up to the configured rate.
/// </summary>
public sealed class SendRateLimiter
{
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(10);
    private readonly TimeProvider time;
    private readonly TimeSpan window;
    private readonly object gate = new();
    private readonly int configuredRate;
    private readonly Queue<long> grants;
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
        window = TimeSpan.FromSeconds(1) + (safetyMargin ?? TimeSpan.FromMilliseconds(5));
        grants = new Queue<long>(configuredRate);
        lastAdjust = time.GetTimestamp();
    }

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

    /// <summary>The provider said "too fast": halve the rate (at least 1 per second).</summary>
    public void Throttled()
    {
        lock (gate)
        {
            CurrentRate = Math.Max(1, CurrentRate / 2);
            lastAdjust = time.GetTimestamp();
        }
    }

    private void Recover(long now)
    {
        if (CurrentRate < configuredRate && time.GetElapsedTime(lastAdjust, now) >= RecoveryInterval)
        {
            CurrentRate = Math.Min(configuredRate, (int)Math.Ceiling(CurrentRate * 1.1));
            lastAdjust = now;
        }
    }
}
