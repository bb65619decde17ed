namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Keeps calls to one vendor endpoint (for one connection) inside every documented window and out of its lock, on a
/// <see cref="TimeProvider"/> (virtual time in tests). It never waits: a refused call learns when to come back. A call
/// is counted when it is let through, whatever the vendor answers, because the vendor counts it too.
/// </summary>
public sealed class EndpointGate(EndpointLimit limit, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> calls = new();
    private DateTimeOffset lockedUntil = DateTimeOffset.MinValue;

    public EndpointLimit Limit => limit;

    /// <summary>Takes one call if every window has room and the endpoint is not locked; otherwise says when it will.</summary>
    public bool TryEnter(out DateTimeOffset retryAt)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            retryAt = now;
            if (now < lockedUntil)
            {
                retryAt = lockedUntil;
                return false;
            }

            var longest = limit.Windows.Count == 0 ? TimeSpan.Zero : limit.Windows.Max(w => w.Period);
            while (calls.Count > 0 && calls.Peek() <= now - longest)
            {
                calls.Dequeue();
            }

            foreach (var window in limit.Windows)
            {
                // The calls inside [now - period, now]: when the oldest of the last `Calls` leaves, there is room.
                var inWindow = calls.Where(c => c > now - window.Period).ToList();
                if (inWindow.Count >= window.Calls)
                {
                    var freesAt = inWindow[inWindow.Count - window.Calls] + window.Period;
                    retryAt = freesAt > retryAt ? freesAt : retryAt;
                }
            }

            if (retryAt > now)
            {
                return false;
            }

            calls.Enqueue(now);
            return true;
        }
    }

    /// <summary>The vendor said the endpoint is locked (or asked to retry later): keep off it for the documented lock.</summary>
    public DateTimeOffset Locked()
    {
        lock (gate)
        {
            var until = time.GetUtcNow() + (limit.Lock > TimeSpan.Zero ? limit.Lock : TimeSpan.FromMinutes(1));
            lockedUntil = until > lockedUntil ? until : lockedUntil;
            return lockedUntil;
        }
    }
}
