namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Keeps calls to one vendor endpoint (for one connection) inside every documented window and out of its lock, on a
/// <see cref="TimeProvider"/> (virtual time in tests). It never waits: a refused call learns when to come back. A call
/// is counted when it is let through, whatever the vendor answers, because the vendor counts it too; once answered
/// (<see cref="Answered"/>) it counts from the answer's time, which is never before the vendor saw it, so a call that
/// took a while on the way never lets the vendor see one call too many in a window.
/// </summary>
public sealed class EndpointGate(EndpointLimit limit, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<Call> calls = [];
    private DateTimeOffset lockedUntil = DateTimeOffset.MinValue;

    public EndpointLimit Limit => limit;

    /// <summary>Takes one call if every window has room and the endpoint is not locked; otherwise says when it will.</summary>
    public bool TryEnter(out DateTimeOffset retryAt) => TryEnter(out retryAt, out _);

    /// <summary>As <see cref="TryEnter(out DateTimeOffset)"/>, with the call to pass to <see cref="Answered"/>.</summary>
    public bool TryEnter(out DateTimeOffset retryAt, out Call call)
    {
        call = new Call(DateTimeOffset.MinValue);
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
            calls.RemoveAll(c => c.At <= now - longest);

            foreach (var window in limit.Windows)
            {
                // The calls inside [now - period, now]: when the oldest of the last `Calls` leaves, there is room.
                var inWindow = calls.Select(c => c.At).Where(at => at > now - window.Period).Order().ToList();
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

            call = new Call(now);
            calls.Add(call);
            return true;
        }
    }

    /// <summary>The vendor answered <paramref name="call"/> (or it failed): it counts from now on.</summary>
    public void Answered(Call call)
    {
        lock (gate)
        {
            call.At = time.GetUtcNow();
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

    /// <summary>A call let through: counted in the windows from <see cref="At"/>.</summary>
    public sealed class Call(DateTimeOffset at)
    {
        public DateTimeOffset At { get; internal set; } = at;
    }
}
