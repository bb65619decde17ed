using MassEmail.Core.Autoresponders;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Autoresponders;

/// <summary>
/// Wakes this instance for autoresponders every poll interval: one round enrols the triggers' new records and sends the
/// due steps (<see cref="AutoresponderRunner"/>); the store decides who sends what, so every instance runs this.
/// </summary>
public sealed partial class AutoresponderWorker(AutoresponderRunner runner, IOptions<AutoresponderOptions> options, TimeProvider time, ILogger<AutoresponderWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (true)
        {
            try
            {
                await runner.RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }

            // A delay per round, not a PeriodicTimer: a fake clock moved far ends one delay instead of firing once per period.
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the autoresponders failed; trying again after the poll interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
