using MassEmail.Core.Sending;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>
/// Every <see cref="SendingOptions.ProviderQuotaCheckInterval"/>, resumes the sends that wait for the provider's 24-hour
/// quota once it has room (<see cref="ProviderQuotaResumer"/>). Nothing is held in memory between rounds: what waits
/// is read from the store, so a restart or another instance picks it up.
/// </summary>
public sealed partial class ProviderQuotaResumeWorker(
    ProviderQuotaResumer resumer, IOptions<SendingOptions> options, TimeProvider time, ILogger<ProviderQuotaResumeWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path. Stopping ends the wait (or the round) with an OperationCanceledException,
        // which the host expects from a stopping service.
        await Task.Yield();
        // A delay per round, not a PeriodicTimer: a clock that jumps (tests move a fake clock by years) ends one delay,
        // where a periodic timer would fire once for every period the jump skipped.
        while (true)
        {
            try
            {
                await resumer.ResumeWhereQuotaAllowsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }

            await Task.Delay(options.Value.ProviderQuotaCheckInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming sends that wait for the provider's quota failed; trying again next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
