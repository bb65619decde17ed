namespace MassEmail.Core.Connections;

/// <summary>
/// The calls every instance on the store makes to one vendor endpoint of one connection, and the lock the vendor put on
/// it, so that the instances together keep inside each documented window (issue 14). Calls are counted per window in
/// fixed buckets (<see cref="EndpointWindows"/>): a call enters only if, for every window, the buckets that intersect
/// the window ending now hold fewer than its calls. That counts a call up to one bucket longer than the vendor does
/// (conservative), never shorter. Times are whole milliseconds.
/// </summary>
public interface IEndpointCallStore
{
    /// <summary>
    /// Counts one call at <paramref name="now"/> in every window if the endpoint is not locked and every window has room
    /// for it; otherwise counts nothing and says when it may be asked again (the lock's end, or when the oldest bucket
    /// that blocks leaves its window). Instances racing for the last room may both be refused, never both let in.
    /// </summary>
    Task<EndpointEntry> TryEnterAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// The call that entered at <paramref name="enteredAt"/> was answered (or failed) at <paramref name="answeredAt"/>:
    /// it counts from then on (moved to the answer's bucket, which is counted before the entry's is given back).
    /// </summary>
    Task AnsweredAsync(string connectionId, string endpoint, IReadOnlyList<CallWindow> windows, DateTimeOffset enteredAt, DateTimeOffset answeredAt, CancellationToken ct);

    /// <summary>Keeps every instance off the endpoint until at least <paramref name="until"/> (never shortens a lock); the lock's end now.</summary>
    Task<DateTimeOffset> LockAsync(string connectionId, string endpoint, DateTimeOffset until, CancellationToken ct);
}
