namespace MassEmail.Core.Work;

/// <summary>
/// Renews a lease on a timer (every third of the lease) while its work runs, so that one slow step (a long store
/// write) never lets the lease run out and another worker take the work over. Cooperative: when a renewal answers that
/// the lease is lost, <see cref="Lost"/> is cancelled and renewing stops; the work checks it and stops writing. A renewal
/// that throws (the store briefly unreachable) is tried again at the next tick: the lease still has two thirds left.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private LeaseKeeper(TimeSpan every, TimeProvider time, Func<CancellationToken, Task<bool>> renew)
    {
        loop = RunAsync(every, time, renew);
    }

    /// <summary>Cancelled once a renewal found the lease held by someone else (or gone).</summary>
    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>Renewals done so far (for tests and diagnostics).</summary>
    public int Renewals { get; private set; }

    /// <summary>
    /// Starts renewing a lease of length <paramref name="lease"/>: <paramref name="renew"/> extends it and answers
    /// whether it was still held. The caller serialises renew with its own writes to the leased item, if it has any.
    /// </summary>
    public static LeaseKeeper Start(TimeSpan lease, TimeProvider time, Func<CancellationToken, Task<bool>> renew) => new(lease / 3, time, renew);

    private async Task RunAsync(TimeSpan every, TimeProvider time, Func<CancellationToken, Task<bool>> renew)
    {
        while (true)
        {
            try
            {
                await Task.Delay(every, time, stop.Token);
                var held = await renew(stop.Token);
                Renewals++;
                if (!held)
                {
                    await lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Tried again at the next tick; if the lease runs out meanwhile, that renewal finds it lost.
            }
        }
    }

    /// <summary>Stops renewing and waits for a renewal in progress to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
        lost.Dispose();
    }
}
