namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Runs posted continuations only when the test says so, on the test's own thread. Continuations of
/// timers on a FakeTimeProvider are posted, not run inline, so without this a test that advances the
/// clock in a loop races the thread pool: the clock can move on before the continuation reads it.
/// </summary>
internal sealed class ManualSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> pending = new();
    private readonly object gate = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (gate)
        {
            pending.Enqueue((d, state));
        }
    }

    /// <summary>Runs everything posted so far, and whatever that posts in turn.</summary>
    public void RunPending()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (gate)
            {
                if (!pending.TryDequeue(out next))
                {
                    return;
                }
            }

            next.Callback(next.State);
        }
    }
}
