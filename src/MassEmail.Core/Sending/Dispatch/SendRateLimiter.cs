namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The rate limiter of one transport in this process: never more permits than the rate in force in any
/// window of one second (<see cref="PermitLog"/>: a permit counts until one window after its request
/// finished), paced evenly over the window (at most 50 ms worth ahead of the schedule, and what a held-up sender
/// missed of it, up to 100 ms worth, taken late) rather than all taken at its start. The rate in force is this
/// process's share of the account's rate, which <see cref="RateSharing.RateShareCoordinator"/> sets and which
/// lapses unless renewed, cut while the provider throttles (<see cref="ThrottleLevel"/>).
/// </summary>
public sealed class SendRateLimiter
{
    /// <summary>The margin added to the one-second window of a limiter of its own when none is given.</summary>
    public static readonly TimeSpan DefaultMargin = TimeSpan.FromMilliseconds(5);

    /// <summary>How far ahead of the pacing schedule permits may be taken (a burst of this much of the rate).</summary>
    private static readonly TimeSpan BurstTime = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How far behind the pacing schedule the senders may be and still take the permits nobody asked for meanwhile: a
    /// sender held up between batches (storing outcomes, claiming the next) uses its share instead of losing it. The
    /// window's count still caps every second, so catching up never exceeds the rate.
    /// </summary>
    private static readonly TimeSpan CatchUpTime = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a sender waits before looking again when only finishing requests can free a permit.</summary>
    private static readonly TimeSpan FinishPoll = TimeSpan.FromMilliseconds(5);

    private readonly TimeProvider time;
    private readonly object gate = new();
    private readonly PermitLog permits;
    private readonly ThrottleLevel throttle;
    private readonly bool countsRequests;
    private int share;
    // From this timestamp on the share no longer holds (long.MaxValue: it never lapses).
    private long validUntil;
    // When the next permit is due on the pacing schedule (a timestamp).
    private long schedule;
    private long lastDemand;
    private int waiting;
    private int lowest = int.MaxValue;
    // Completed (and replaced) when the limiter goes from granting nothing to granting again.
    private TaskCompletionSource granting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// A limiter of its own at <paramref name="ratePerSecond"/> for good: no other process shares the rate, and a
    /// permit counts for one window from its grant (no transport tells it when requests finish).
    /// </summary>
    /// <param name="ratePerSecond">The provider's limit (e.g. SES MaxSendRate), at least 1.</param>
    /// <param name="safetyMargin">Added to the one-second window so that jitter between granting and sending
    /// cannot squeeze more than the rate into any real second.</param>
    public SendRateLimiter(double ratePerSecond, TimeProvider time, TimeSpan? safetyMargin = null)
        : this(time, TimeSpan.FromSeconds(1) + (safetyMargin ?? DefaultMargin), countsRequests: false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        share = (int)Math.Floor(ratePerSecond);
        validUntil = long.MaxValue;
    }

    /// <summary>A limiter that grants nothing until it is given a share (<see cref="SetShare"/>).</summary>
    /// <param name="countsRequests">Whether each permit is followed by a request whose end is reported (<see cref="Finished"/>).</param>
    internal SendRateLimiter(TimeProvider time, TimeSpan window, bool countsRequests)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        this.time = time;
        this.countsRequests = countsRequests;
        Window = window;
        permits = new PermitLog(time, window);
        throttle = new ThrottleLevel(time);
        lastDemand = time.GetTimestamp();
        // Nothing was missed before the first permit: it starts with the burst alone.
        schedule = lastDemand;
    }

    /// <summary>The sliding window: one second (plus the safety margin of a limiter of its own).</summary>
    public TimeSpan Window { get; }

    /// <summary>How many times throttling made the limiter slow down (its own provider answers and other instances' alike).</summary>
    public int Slowdowns
    {
        get
        {
            lock (gate)
            {
                return throttle.Cuts;
            }
        }
    }

    /// <summary>The lowest rate a throttling cut brought the limiter to (the current rate while it was never cut).</summary>
    public int LowestRate
    {
        get
        {
            lock (gate)
            {
                return lowest == int.MaxValue ? RateAt(time.GetTimestamp()) : lowest;
            }
        }
    }

    /// <summary>The rate in force now: this process's share, lower after throttling, 0 while it holds none.</summary>
    public int CurrentRate
    {
        get
        {
            lock (gate)
            {
                return RateAt(time.GetTimestamp());
            }
        }
    }

    /// <summary>The provider's throttling answers reported through <see cref="Throttled"/> (other instances learn of them through the store).</summary>
    internal int ThrottleAnswers { get; private set; }

    /// <summary>Called when a sender must wait because the limiter grants nothing at all, so that a share is asked for at once.</summary>
    internal Action? Starved { get; set; }

    /// <summary>The share last set (whether or not it lapsed).</summary>
    internal int Share
    {
        get
        {
            lock (gate)
            {
                return share;
            }
        }
    }

    /// <summary>Waits until a permit is available and takes it.</summary>
    public async ValueTask AcquireAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await WaitForPermitAsync(ct);
        SendingTelemetry.LimiterWaited(time.GetElapsedTime(started).TotalSeconds);
    }

    private async ValueTask WaitForPermitAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            var starved = false;
            lock (gate)
            {
                var now = time.GetTimestamp();
                lastDemand = now;
                var retryIn = TryGrant(now);
                if (retryIn == TimeSpan.Zero)
                {
                    return;
                }

                if (retryIn is { } delay)
                {
                    wait = Task.Delay(delay, time, ct);
                }
                else
                {
                    // Nothing to grant until a share arrives: wait for it, counted as demand meanwhile.
                    wait = granting.Task.WaitAsync(ct);
                    waiting++;
                    starved = true;
                }
            }

            if (!starved)
            {
                await wait;
                continue;
            }

            try
            {
                Starved?.Invoke();
                await wait;
            }
            finally
            {
                lock (gate)
                {
                    waiting--;
                }
            }
        }
    }

    /// <summary>The provider said "too fast": slow down (once per second at most, never below a quarter of the share).</summary>
    public void Throttled()
    {
        lock (gate)
        {
            ThrottleAnswers++;
            SlowDown(time.GetTimestamp());
        }
    }

    /// <summary>Another instance sending through the same account was throttled: slow down as if this one was.</summary>
    internal void SlowDownForOthers()
    {
        lock (gate)
        {
            SlowDown(time.GetTimestamp());
        }
    }

    /// <summary>A request that took a permit has finished (answered, failed or timed out): its permit counts one window more.</summary>
    internal void Finished()
    {
        lock (gate)
        {
            permits.Finished(time.GetTimestamp());
        }
    }

    /// <summary>Takes a permit if one is free now; false when the rate in force is used up for now or nothing is granted.</summary>
    internal bool TryAcquire()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            lastDemand = now;
            return TryGrant(now) == TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The share in force from now until <paramref name="until"/> (a timestamp of the limiter's TimeProvider); after it
    /// the limiter grants nothing until renewed. Lowering takes effect for the next grant; permits that count still do.
    /// </summary>
    internal void SetShare(int value, long until)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            var now = time.GetTimestamp();
            var before = RateAt(now);
            (share, validUntil) = (value, until);
            var after = RateAt(now);
            if (after > before)
            {
                // The schedule was made at the lower rate and would hold permits back: the next is due one new interval on.
                schedule = Math.Min(schedule, now + Interval(after));
            }

            if (before == 0 && after > 0)
            {
                (wake, granting) = (granting, new(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Lowers the share at once (to at most <paramref name="value"/>) without renewing it.</summary>
    internal void LowerShare(int value)
    {
        lock (gate)
        {
            share = Math.Min(share, Math.Max(0, value));
        }
    }

    /// <summary>Permits that count now: once they are no more than a share, no window from now on holds more.</summary>
    internal int Counted()
    {
        lock (gate)
        {
            return permits.Count(time.GetTimestamp());
        }
    }

    /// <summary>A sender is about to ask for permits: counts as demand as an ask would.</summary>
    internal void NoteDemand()
    {
        lock (gate)
        {
            lastDemand = time.GetTimestamp();
        }
    }

    /// <summary>Whether a sender asked for a permit within <paramref name="recent"/>, or waits for one now.</summary>
    internal bool WantedWithin(TimeSpan recent)
    {
        lock (gate)
        {
            return waiting > 0 || time.GetElapsedTime(lastDemand) < recent;
        }
    }

    /// <summary>Grants a permit (returns zero), or says how long until one may be free (null: not before a new share).</summary>
    private TimeSpan? TryGrant(long now)
    {
        throttle.Recover(now);
        var rate = RateAt(now);
        if (rate == 0)
        {
            return null;
        }

        // Paced: permits follow a schedule of one per window / rate, at most BurstTime ahead of it, so that a
        // window's permits are spread over the window instead of all leaving at its start; up to CatchUpTime of
        // it missed may be taken late.
        var interval = Interval(rate);
        var due = Math.Max(schedule, now - (long)(CatchUpTime.TotalSeconds * time.TimestampFrequency));
        var early = TimeSpan.FromSeconds((due - now) / (double)time.TimestampFrequency) - BurstTime;
        var full = permits.UntilBelow(rate, now);
        if (full == TimeSpan.Zero && early <= TimeSpan.Zero)
        {
            permits.Take(now, countsRequests);
            schedule = due + interval;
            return TimeSpan.Zero;
        }

        // A sender that asks and must wait for the window has missed nothing: only time nobody asked is caught up on.
        schedule = Math.Max(schedule, now);
        var wait = full is { } f ? (f > early ? f : early) : (FinishPoll > early ? FinishPoll : early);
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
    }

    private long Interval(int rate) => (long)(Window.TotalSeconds * time.TimestampFrequency / rate);

    private int RateAt(long now) =>
        share == 0 || now >= validUntil ? 0 : Math.Max(1, (int)Math.Round(share * throttle.Value));

    private void SlowDown(long now)
    {
        if (throttle.Cut(now) && RateAt(now) is > 0 and var rate)
        {
            lowest = Math.Min(lowest, rate);
        }
    }
}
