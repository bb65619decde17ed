using MassEmail.Core.Connections;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// <see cref="IEndpointCallStore"/> within one process, with the store adapters' bucket arithmetic
/// (<see cref="EndpointWindows"/>): for a plugin used without the service's store (its own tests). Not shared across
/// processes: several service instances need the store's, which the server registers.
/// </summary>
public sealed class InMemoryEndpointCallStore : IEndpointCallStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Connection, string Endpoint, long Period, DateTimeOffset Start), long> buckets = [];
    private readonly Dictionary<(string Connection, string Endpoint), DateTimeOffset> locks = [];

    public Task<EndpointEntry> TryEnterAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset now, CancellationToken ct)
    {
        lock (gate)
        {
            if (locks.TryGetValue((connectionId, endpoint), out var until) && until > now)
            {
                return Task.FromResult(new EndpointEntry(false, until));
            }

            var counted = buckets.Where(b => b.Key.Connection == connectionId && b.Key.Endpoint == endpoint)
                .Select(b => (b.Key.Period, b.Key.Start, b.Value)).ToList();
            var retryAt = EndpointWindows.RoomAt(windows, counted, now);
            if (retryAt > now)
            {
                return Task.FromResult(new EndpointEntry(false, retryAt));
            }

            foreach (var window in windows)
            {
                Add(connectionId, endpoint, window, now, 1);
            }

            // Buckets that left their window are dropped on the way.
            foreach (var expired in buckets.Keys.Where(k => EndpointWindows.ExpiresAt(k.Period, k.Start) <= now).ToList())
            {
                buckets.Remove(expired);
            }

            return Task.FromResult(new EndpointEntry(true, now));
        }
    }

    public Task AnsweredAsync(
        string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset enteredAt, DateTimeOffset answeredAt, CancellationToken ct)
    {
        lock (gate)
        {
            foreach (var window in windows)
            {
                Add(connectionId, endpoint, window, enteredAt, -1);
                Add(connectionId, endpoint, window, answeredAt, 1);
            }
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset> LockAsync(string connectionId, string endpoint, DateTimeOffset until, CancellationToken ct)
    {
        lock (gate)
        {
            var lockedUntil = locks.TryGetValue((connectionId, endpoint), out var current) && current > until ? current : until;
            locks[(connectionId, endpoint)] = lockedUntil;
            return Task.FromResult(lockedUntil);
        }
    }

    private void Add(string connectionId, string endpoint, CallWindow window, DateTimeOffset at, long delta)
    {
        var key = (connectionId, endpoint, EndpointWindows.PeriodMilliseconds(window), EndpointWindows.BucketStart(window, at));
        var calls = buckets.GetValueOrDefault(key) + delta;
        if (calls > 0)
        {
            buckets[key] = calls;
        }
        else
        {
            buckets.Remove(key);
        }
    }
}
