using MassEmail.Ses.Credentials;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses;

/// <summary>
/// At start, resolves the AWS credentials and asks SES GetAccount once, so that a broken credential chain, a missing
/// <c>ses:GetAccount</c> permission, an account in the sandbox or with sending paused is in the log at start instead
/// of surfacing on the first mass send. It only reports: the service starts either way (SES or the credential
/// endpoint may come back), and sends pause with the same reasons while the problem lasts. Runs in the background so
/// that a slow credential endpoint does not hold up start-up.
/// </summary>
internal sealed partial class SesStartupCheck(
    SesCredentials credentials, SesMailTransport transport, IOptions<SesOptions> options, ILogger<SesStartupCheck> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => CheckAsync(stoppingToken);

    internal async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            await credentials.ResolveAsync();
            LogCredentials(logger, credentials.Origin);
        }
        catch (SesCredentialsException)
        {
            // Logged by SesCredentials with the SDK's exception; GetAccount would only fail the same way.
            return;
        }

        try
        {
            var account = await transport.GetAccountAsync(ct);
            var quota = account.SendQuota;
            LogAccount(logger, options.Value.Region, account.SendingEnabled, account.ProductionAccessEnabled, account.EnforcementStatus,
                quota?.Max24HourSend, quota?.SentLast24Hours, quota?.MaxSendRate);
            if (account.SendingEnabled == false || account.ProductionAccessEnabled == false || account.EnforcementStatus is "PROBATION" or "SHUTDOWN")
            {
                LogAccountLimited(logger, account.SendingEnabled, account.ProductionAccessEnabled, account.EnforcementStatus);
            }
        }
        catch (SesApiException e) when (e.HttpStatus == 403 || e.ErrorType is "AccessDeniedException" or "AccessDenied")
        {
            LogNoGetAccountPermission(logger, e.Message);
        }
        catch (SesApiException e)
        {
            LogGetAccountFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SES requests are signed with credentials from {Origin}")]
    private static partial void LogCredentials(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "SES account in {Region}: SendingEnabled={SendingEnabled}, ProductionAccessEnabled={ProductionAccessEnabled}, EnforcementStatus={EnforcementStatus}, Max24HourSend={Max24HourSend}, SentLast24Hours={SentLast24Hours}, MaxSendRate={MaxSendRate}")]
    private static partial void LogAccount(ILogger logger, string region, bool? sendingEnabled, bool? productionAccessEnabled, string? enforcementStatus,
        double? max24HourSend, double? sentLast24Hours, double? maxSendRate);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SES account is limited: SendingEnabled={SendingEnabled}, ProductionAccessEnabled={ProductionAccessEnabled} (false = sandbox: mass sends are refused), EnforcementStatus={EnforcementStatus}")]
    private static partial void LogAccountLimited(ILogger logger, bool? sendingEnabled, bool? productionAccessEnabled, string? enforcementStatus);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The AWS identity may not call ses:GetAccount ({Error}). Without it the 24-hour quota and the sandbox cannot be checked before a send starts and the rate limiter runs at Sending:DefaultMaxSendRate: grant ses:GetAccount.")]
    private static partial void LogNoGetAccountPermission(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES GetAccount failed at start: {Error}")]
    private static partial void LogGetAccountFailed(ILogger logger, string error);
}
