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
        // Off the host's start-up path.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await resumer.ResumeWhereQuotaAllowsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.ProviderQuotaCheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Resuming sends that wait for the provider's quota failed; trying again next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
