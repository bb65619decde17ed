using MassEmail.Core.Sending.Transport;
using MassEmail.Ses.Api;
using MassEmail.Ses.Api.Model;
using MassEmail.Ses.Credentials;
using MassEmail.Ses.Mapping;
using MassEmail.Ses.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses;

/// <summary>
/// Sends one message per call through SES v2 SendEmail and classifies every outcome; never retries
/// (the pipeline owns retries, back-off and rate limits, so a lost answer is never re-sent blindly)
/// and never throws but for the caller's cancellation: a credential failure, like every error that
/// would fail the rest of the send alike, comes back as <see cref="SendStatus.AccountPaused"/> with the reason
/// (the 24-hour quota used up as <see cref="SendStatus.QuotaExhausted"/>, which passes by itself).
/// </summary>
internal sealed partial class SesMailTransport(
    SesApiClient client,
    SesAccountCache accounts,
    RejectionBreaker breaker,
    IOptions<SesOptions> options,
    ILogger<SesMailTransport> logger)
    : IMailTransport
{
    public string Name => "ses";

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (SesHeaderRules.Problem(message.Headers) is { } headerProblem)
        {
            return Paused($"The messages' custom headers break SES's rules ({headerProblem}); check Sending:UnsubscribeBaseUrl and Sending:UnsubscribeMailto");
        }

        var request = SesRequestMapper.Map(message, options.Value.ConfigurationSetName);
        SesApiResponse<SendEmailResponse> response;
        try
        {
            response = await client.SendEmailAsync(request, ct);
        }
        catch (SesCredentialsException e)
        {
            // Nothing was signed, so nothing left: the rows go back to PENDING and the send waits for the operator.
            return Paused(e.Message + "; nothing was sent");
        }
        catch (SesNoResponseException e)
        {
            // If the request may have reached SES, SES may have sent the mail: report Unknown, never a
            // retryable error, or the pipeline could deliver it twice.
            var status = e.RequestMayHaveReachedSes ? SendStatus.Unknown : SendStatus.TransientError;
            LogNoResponse(logger, status, e.Message, e);
            return new SendResult(status, null, e.Message);
        }

        var sender = message.From.Address;
        if (response.IsSuccess)
        {
            breaker.Accepted(sender);
            return string.IsNullOrWhiteSpace(response.Value.MessageId)
                ? new SendResult(SendStatus.Unknown, null, "SES accepted the request but returned no MessageId.")
                : SendResult.Sent(response.Value.MessageId);
        }

        var error = response.Error;
        var outcome = SesOutcomeClassifier.Classify(error);
        var described = SesErrorText.Describe(error);
        if (outcome.Status is SendStatus.AccountPaused or SendStatus.QuotaExhausted)
        {
            // The account's state changed (or was never what the cache says): the next pre-check or resume check asks again.
            accounts.Invalidate();
            return Paused($"Amazon SES: {outcome.Cause}. {described}", outcome.Status);
        }

        if (outcome.Status == SendStatus.Rejected && breaker.Rejected(sender, error.ErrorType, error.Message, out var inARow))
        {
            return Paused($"SES rejected {inARow} messages from {sender} in a row with the same error, so the send itself is refused "
                + $"(Ses:MaxIdenticalRejections); fix the cause, then resume the send. {described}");
        }

        LogSendFailed(logger, outcome.Status, described);
        return new SendResult(outcome.Status, null, described);
    }

    /// <remarks>An unlimited 24-hour quota (SES reports -1) is returned as <see cref="double.PositiveInfinity"/>.</remarks>
    public async Task<TransportQuota> GetQuotaAsync(CancellationToken ct)
    {
        var account = await GetAccountAsync(ct);
        if (account.SendQuota is not { } quota)
        {
            throw new SesApiException("GetAccount answered without a SendQuota.", 200);
        }

        var max24Hours = quota.Max24HourSend < 0 ? double.PositiveInfinity : quota.Max24HourSend;
        return new TransportQuota(
            quota.MaxSendRate, max24Hours, quota.SentLast24Hours, account.ProductionAccessEnabled ?? true, account.SendingEnabled ?? true);
    }

    /// <summary>SES GetAccount, shared for <see cref="SesAccountCache.Lifetime"/>; throws <see cref="SesApiException"/> when SES does not answer it.</summary>
    internal async Task<GetAccountResponse> GetAccountAsync(CancellationToken ct)
    {
        if (accounts.Fresh() is { } cached)
        {
            return cached;
        }

        SesApiResponse<GetAccountResponse> response;
        try
        {
            response = await client.GetAccountAsync(ct);
        }
        catch (SesCredentialsException e)
        {
            throw new SesApiException($"GetAccount failed: {e.Message}", innerException: e);
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

        accounts.Store(response.Value);
        return response.Value;
    }

    private SendResult Paused(string reason, SendStatus status = SendStatus.AccountPaused)
    {
        LogSendPaused(logger, reason);
        return new SendResult(status, null, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES send ended {Status}: {Error}")]
    private static partial void LogNoResponse(ILogger logger, SendStatus status, string error, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SES cannot send this send's messages: {Reason}")]
    private static partial void LogSendPaused(ILogger logger, string reason);

    // Routine during a mass send (throttling, single rejections): the pipeline records and counts them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "SES send ended {Status}: {Error}")]
    private static partial void LogSendFailed(ILogger logger, SendStatus status, string error);
}
