using MassEmail.Core.Connections;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Keeps calls to one vendor endpoint (for one connection) inside every documented window and out of its lock, together
/// with every other instance on the store (<see cref="IEndpointCallStore"/>), on a <see cref="TimeProvider"/> (virtual
/// time in tests). It never waits: a refused call learns when to come back. A call is counted when it is let through,
/// whatever the vendor answers, because the vendor counts it too; once answered (<see cref="AnsweredAsync"/>) it counts
/// from the answer's time, which is never before the vendor saw it, so a call that took a while on the way never lets
/// the vendor see one call too many in a window. Windows are counted in buckets of a sixtieth of their period (see
/// <see cref="EndpointWindows"/>): a call is remembered up to one bucket longer than the vendor remembers it.
/// </summary>
public sealed class EndpointGate(string connectionId, EndpointLimit limit, IEndpointCallStore store, TimeProvider time)
{
    public EndpointLimit Limit => limit;

    /// <summary>
    /// Takes one call if every window has room and the endpoint is not locked (<see cref="Entry.Entered"/>); otherwise
    /// says when it will (<see cref="Entry.RetryAt"/>). Pass an entered call to <see cref="AnsweredAsync"/>.
    /// </summary>
    public async Task<Entry> TryEnterAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = await store.TryEnterAsync(connectionId, limit.Endpoint, limit.Windows, now, cancellationToken);
        return new Entry(entry.Entered, entry.RetryAt, now);
    }

    /// <summary>The vendor answered the call (or it failed): it counts from now on. Not cancellable: the count must move.</summary>
    public Task AnsweredAsync(Entry entry) => entry.Entered
        ? store.AnsweredAsync(connectionId, limit.Endpoint, limit.Windows, entry.At, time.GetUtcNow(), CancellationToken.None)
        : Task.CompletedTask;

    /// <summary>
    /// The vendor said the endpoint is locked (or asked to retry later): every instance keeps off it for the documented
    /// lock (a minute when none is documented); the lock's end.
    /// </summary>
    public Task<DateTimeOffset> LockedAsync() => store.LockAsync(
        connectionId, limit.Endpoint, time.GetUtcNow() + (limit.Lock > TimeSpan.Zero ? limit.Lock : TimeSpan.FromMinutes(1)), CancellationToken.None);

    /// <summary>A call let through (<paramref name="Entered"/>, counted from <paramref name="At"/>) or refused until <paramref name="RetryAt"/>.</summary>
    public readonly record struct Entry(bool Entered, DateTimeOffset RetryAt, DateTimeOffset At);
}
