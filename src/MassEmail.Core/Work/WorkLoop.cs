using Microsoft.Extensions.Logging;

namespace MassEmail.Core.Work;

/// <summary>
/// Runs the units of one <see cref="IWorkSource"/> in <c>lanes</c> lanes side by side: each lane claims a unit, runs it
/// (the unit stores its outcome), and claims the next; with nothing to claim (or after a failure) it waits
/// <c>idle</c> first. Stopping is cooperative: once the token is cancelled no lane claims again, running units see the
/// cancellation and hand back what they did not start, and <see cref="RunAsync"/> returns when every lane has drained.
/// </summary>
public sealed partial class WorkLoop(IWorkSource source, int lanes, TimeSpan idle, TimeProvider time, ILogger logger)
{
    /// <summary>Runs until <paramref name="stop"/> is cancelled and the running units have finished.</summary>
    public async Task RunAsync(string worker, CancellationToken stop)
    {
        // Off the caller's path (a host's start-up): the first claim may take long.
        await Task.Yield();
        WorkTelemetry.Started(source.Name);
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(_ => LaneAsync(worker, stop)));
    }

    private async Task LaneAsync(string worker, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                if (await source.ClaimAsync(worker, stop) is { } unit)
                {
                    worked = true;
                    await unit.RunAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, source.Name, e);
                WorkTelemetry.Failed(source.Name);
                worked = false;
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(idle, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A unit of {Source} failed; the loop goes on")]
    private static partial void LogFailed(ILogger logger, string source, Exception e);
}
