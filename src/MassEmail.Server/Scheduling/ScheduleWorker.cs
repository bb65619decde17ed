using MassEmail.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Scheduling;

/// <summary>
/// The timer that wakes this instance for schedules; the store decides what fires (<see cref="ScheduleFiring"/>).
/// It sleeps until the earliest next fire time of any active schedule, or one poll interval, whichever comes first;
/// each poll reads the store's change marker and, when another instance (or this one) changed a schedule, reads the
/// earliest fire time again. Every poll also starts the occurrences waiting for a run slot whose turn has come. At start-up the first round fires or records as missed what fell due while no instance ran.
/// </summary>
public sealed partial class ScheduleWorker(
    ScheduleFiring firing, IScheduleStore store, IOptions<SchedulingOptions> options, TimeProvider time, ILogger<ScheduleWorker> logger)
    : BackgroundService
{
    /// <summary>Polls between full re-reads of the earliest fire time, whatever the marker says (a writer may die before moving it).</summary>
    private const int PollsPerRefresh = 30;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        long? marker = null;
        DateTimeOffset? nextFire = null;
        var polls = 0;
        while (true)
        {
            var wait = options.Value.PollInterval;
            try
            {
                var current = await store.ChangeMarkerAsync(stoppingToken);
                if (current != marker || ++polls >= PollsPerRefresh)
                {
                    (marker, polls) = (current, 0);
                    nextFire = await store.NextFireAsync(stoppingToken);
                }

                var fired = false;
                if (nextFire <= time.GetUtcNow())
                {
                    await firing.RunDueAsync(stoppingToken);
                    nextFire = await store.NextFireAsync(stoppingToken);
                    fired = true;
                }

                // Occurrences waiting for a run slot (or the next UTC day's quota) are looked at on every poll.
                await firing.RunWaitingAsync(stoppingToken);

                // Due without a round yet (the clock moved during this one): go at once. Still due after a round: another
                // instance holds the occurrence, or firing it failed; look again after a poll.
                if (nextFire is { } next && next - time.GetUtcNow() < wait)
                {
                    wait = next <= time.GetUtcNow() ? (fired ? wait : TimeSpan.Zero) : next - time.GetUtcNow();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
                marker = null;
            }

            // A delay per round, not a PeriodicTimer: a fake clock moved far ends one delay instead of firing once per period.
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the schedule timer failed; trying again after the poll interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
