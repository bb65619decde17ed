using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api;
using MassEmail.Ses.Api.Model;
using MassEmail.Ses.Mapping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses;

/// <summary>
/// Sends one message per call through SES v2 SendEmail and classifies every outcome; never retries
/// (the pipeline owns retries, back-off and rate limits, so a lost answer is never re-sent blindly).
/// </summary>
internal sealed partial class SesMailTransport(SesApiClient client, IOptions<SesOptions> options, ILogger<SesMailTransport> logger)
    : IMailTransport
{
    public string Name => "ses";

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = SesRequestMapper.Map(message, options.Value.ConfigurationSetName);

        SesApiResponse<SendEmailResponse> response;
        try
        {
            response = await client.SendEmailAsync(request, ct);
        }
        catch (SesNoResponseException e)
        {
            // If the request may have reached SES, SES may have sent the mail: report Unknown, never a
            // retryable error, or the pipeline could deliver it twice.
            var status = e.RequestMayHaveReachedSes ? SendStatus.Unknown : SendStatus.TransientError;
            LogNoResponse(logger, status, e.Message, e);
            return new SendResult(status, null, e.Message);
        }

        if (response.IsSuccess)
        {
            return string.IsNullOrWhiteSpace(response.Value.MessageId)
                ? new SendResult(SendStatus.Unknown, null, "SES accepted the request but returned no MessageId.")
                : SendResult.Sent(response.Value.MessageId);
        }

        var outcome = SesOutcomeClassifier.Classify(response.Error);
        var error = SesErrorText.Describe(response.Error);
        if (outcome == SendStatus.AccountPaused)
        {
            LogAccountCannotSend(logger, error);
        }
        else
        {
            LogSendFailed(logger, outcome, error);
        }

        return new SendResult(outcome, null, error);
    }

    /// <remarks>An unlimited 24-hour quota (SES reports -1) is returned as <see cref="double.PositiveInfinity"/>.</remarks>
    public async Task<TransportQuota> GetQuotaAsync(CancellationToken ct)
    {
        SesApiResponse<GetAccountResponse> response;
        try
        {
            response = await client.GetAccountAsync(ct);
        }
        catch (SesNoResponseException e)
        {
            throw new SesApiException($"GetAccount failed: {e.Message}", innerException: e);
        }

        if (!response.IsSuccess)
        {
            throw new SesApiException(
                $"GetAccount failed: {SesErrorText.Describe(response.Error)}", response.Error.HttpStatus, response.Error.ErrorType);
        }

        var account = response.Value;
        if (account.SendQuota is not { } quota)
        {
            throw new SesApiException("GetAccount answered without a SendQuota.", 200);
        }

        // TransportQuota has no place for these, yet an operator wants to know why nothing arrives.
        if (account.SendingEnabled == false || account.ProductionAccessEnabled == false)
        {
            LogAccountLimited(logger, account.SendingEnabled, account.ProductionAccessEnabled, account.EnforcementStatus);
        }

        var max24Hours = quota.Max24HourSend < 0 ? double.PositiveInfinity : quota.Max24HourSend;
        return new TransportQuota(quota.MaxSendRate, max24Hours, quota.SentLast24Hours);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES send ended {Status}: {Error}")]
    private static partial void LogNoResponse(ILogger logger, SendStatus status, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES account cannot send: {Error}")]
    private static partial void LogAccountCannotSend(ILogger logger, string error);

    // Routine during a mass send (throttling, single rejections): the pipeline records and counts them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "SES send ended {Status}: {Error}")]
    private static partial void LogSendFailed(ILogger logger, SendStatus status, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SES account is limited: SendingEnabled={SendingEnabled}, ProductionAccessEnabled={ProductionAccessEnabled} (false = sandbox: verified recipients only), EnforcementStatus={EnforcementStatus}")]
    private static partial void LogAccountLimited(ILogger logger, bool? sendingEnabled, bool? productionAccessEnabled, string? enforcementStatus);
}
