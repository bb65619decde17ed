using Grpc.Core;

namespace MassEmail.Testing;

/// <summary>
/// Waiting for work whose duration depends on the machine (a send, a server start, a child process):
/// wait as long as progress is made, and fail only when nothing changed for a stall interval. A busy
/// machine makes the work slower, not wrong, so a fixed total time would fail CI on a loaded machine
/// while a real hang still fails within <see cref="Stall"/>.
/// </summary>
public static class Progress
{
    /// <summary>How long nothing may change before a wait fails (sends change their counts many times a second).</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads <paramref name="observe"/> until <paramref name="done"/> holds, and returns that observation.
    /// Throws <see cref="NoProgressException"/> when <paramref name="progress"/> (compared with Equals) has
    /// not changed for <paramref name="stall"/> (default <see cref="Stall"/>).
    /// </summary>
    /// <param name="describe">The last observation in words, for the failure message.</param>
    public static async Task<T> WaitAsync<T>(
        Func<Task<T>> observe, Func<T, bool> done, Func<T, object?> progress, Func<T, string> describe, TimeSpan? stall = null)
    {
        var limit = stall ?? Stall;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var sinceChange = System.Diagnostics.Stopwatch.StartNew();
        object? lastMarker = null;
        var first = true;
        while (true)
        {
            var current = await observe();
            if (done(current))
            {
                return current;
            }

            var marker = progress(current);
            if (first || !Equals(marker, lastMarker))
            {
                (first, lastMarker) = (false, marker);
                sinceChange.Restart();
            }
            else if (sinceChange.Elapsed > limit)
            {
                throw new NoProgressException(limit, waiting.Elapsed, describe(current));
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Synchronous observations (counters in this process), otherwise as <see cref="WaitAsync{T}(Func{Task{T}}, Func{T, bool}, Func{T, object?}, Func{T, string}, TimeSpan?)"/>.</summary>
    public static Task<T> WaitAsync<T>(Func<T> observe, Func<T, bool> done, Func<T, object?> progress, Func<T, string> describe, TimeSpan? stall = null) =>
        WaitAsync(() => Task.FromResult(observe()), done, progress, describe, stall);

    /// <summary>
    /// Reads a server stream to its end, every message counting as progress; throws <see cref="NoProgressException"/>
    /// (and cancels the call) when no message arrived for <paramref name="stall"/> (default <see cref="Stall"/>).
    /// </summary>
    /// <param name="start">Starts the call with the token that cancels it on a stall.</param>
    public static async Task<List<T>> ReadAllAsync<T>(Func<CancellationToken, AsyncServerStreamingCall<T>> start, string what, TimeSpan? stall = null)
    {
        var limit = stall ?? Stall;
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        using var stalled = new CancellationTokenSource(limit);
        using var call = start(stalled.Token);
        var messages = new List<T>();
        try
        {
            while (await call.ResponseStream.MoveNext(stalled.Token))
            {
                messages.Add(call.ResponseStream.Current);
                stalled.CancelAfter(limit);
            }
        }
        catch (Exception e) when (stalled.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            var last = messages.Count == 0 ? "no message yet" : $"{messages.Count} messages, the last: {messages[^1]}";
            throw new NoProgressException(limit, waiting.Elapsed, $"{what}: {last}");
        }

        return messages;
    }
}
