namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// How far throttling by the provider cut a limiter's rate: 30 % per throttling (at most once per second, never
/// below a quarter, so a few throttled calls cannot starve a send); after two quiet seconds it climbs back by
/// 20 % per second. Not thread-safe: its <see cref="SendRateLimiter"/> holds its lock.
/// </summary>
internal sealed class ThrottleLevel(TimeProvider time)
{
    private const double CutFactor = 0.7;
    private const double ClimbFactor = 1.2;
    private const double Floor = 0.25;
    private static readonly TimeSpan QuietBeforeRecovery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AdjustmentInterval = TimeSpan.FromSeconds(1);
    private long lastThrottle = time.GetTimestamp();
    private long lastAdjust = time.GetTimestamp();

    /// <summary>The share of the rate in force: 1 = no cut.</summary>
    public double Value { get; private set; } = 1;

    /// <summary>How many times a throttling cut the rate.</summary>
    public int Cuts { get; private set; }

    /// <summary>Throttled now: cuts, unless it cut within the last second or is at the floor; true when it cut.</summary>
    public bool Cut(long now)
    {
        lastThrottle = now;
        if (time.GetElapsedTime(lastAdjust, now) < AdjustmentInterval || Value <= Floor)
        {
            return false;
        }

        Value = Math.Max(Floor, Value * CutFactor);
        Cuts++;
        lastAdjust = now;
        return true;
    }

    /// <summary>Climbs back a step when the provider has been quiet long enough.</summary>
    public void Recover(long now)
    {
        if (Value < 1
            && time.GetElapsedTime(lastThrottle, now) >= QuietBeforeRecovery
            && time.GetElapsedTime(lastAdjust, now) >= AdjustmentInterval)
        {
            Value = Math.Min(1, Value * ClimbFactor);
            lastAdjust = now;
        }
    }
}
