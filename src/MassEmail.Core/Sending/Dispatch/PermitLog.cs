namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The permits a <see cref="SendRateLimiter"/> counts against its rate. A permit taken for a request counts
/// from its grant until one window after the request finished: the request reaches the provider somewhere in
/// between, so however long it was held up (a stalled process, a slow network), it counts in every window it
/// can arrive in. A permit without a request to follow counts for one window from its grant.
/// </summary>
internal sealed class PermitLog(TimeProvider time, TimeSpan window)
{
    /// <summary>A request not finished after this long is taken as never sent (its permit was not used).</summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(2);

    // Grant timestamps of permits whose request has not finished, oldest first.
    private readonly Queue<long> inFlight = new();
    // When permits stopped being in flight (their request finished, or they had none), oldest first.
    private readonly Queue<long> done = new();
    private readonly long windowTicks = (long)(window.TotalSeconds * time.TimestampFrequency);
    private readonly long abandonTicks = (long)(AbandonAfter.TotalSeconds * time.TimestampFrequency);

    /// <summary>When the latest permit stopped counting, or will (for a permit still in flight: not known, <see cref="long.MaxValue"/>).</summary>
    public long EmptyAt => inFlight.Count > 0 ? long.MaxValue : done.Count == 0 ? 0 : LastDone + windowTicks;

    private long LastDone { get; set; }

    /// <summary>Permits that count now.</summary>
    public int Count(long now)
    {
        while (done.Count > 0 && now - done.Peek() >= windowTicks)
        {
            done.Dequeue();
        }

        while (inFlight.Count > 0 && now - inFlight.Peek() >= abandonTicks)
        {
            inFlight.Dequeue();
        }

        return inFlight.Count + done.Count;
    }

    /// <summary>Records a grant; <paramref name="forRequest"/>: it counts until its request finishes (<see cref="Finished"/>) and a window more.</summary>
    public void Take(long now, bool forRequest)
    {
        if (forRequest)
        {
            inFlight.Enqueue(now);
        }
        else
        {
            Done(now);
        }
    }

    /// <summary>
    /// A request finished. Requests are not told apart: the oldest permit in flight stops being in flight, which
    /// keeps the count exact as long as every request took a permit.
    /// </summary>
    public void Finished(long now)
    {
        if (inFlight.TryDequeue(out _))
        {
            Done(now);
        }
    }

    /// <summary>
    /// How long until the count drops below <paramref name="rate"/> as the oldest permits leave the window;
    /// null when that needs requests in flight to finish first.
    /// </summary>
    public TimeSpan? UntilBelow(int rate, long now)
    {
        var leaving = Count(now) - rate + 1;
        if (leaving <= 0)
        {
            return TimeSpan.Zero;
        }

        if (leaving > done.Count)
        {
            return null;
        }

        var last = done.ElementAt(leaving - 1);
        return TimeSpan.FromSeconds((windowTicks - (now - last)) / (double)time.TimestampFrequency);
    }

    private void Done(long now)
    {
        done.Enqueue(now);
        LastDone = now;
    }
}
