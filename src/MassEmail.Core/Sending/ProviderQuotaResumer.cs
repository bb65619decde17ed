using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using Microsoft.Extensions.Logging;

namespace MassEmail.Core.Sending;

/// <summary>
/// Resumes the sends that paused because the provider account's rolling 24-hour quota was used up
/// (<see cref="SendStatus.QuotaExhausted"/>), once the provider reports room again: the window moves on by itself, so
/// such a send needs nobody to resume it (a user still can, at any time). What marks such a send is its pause reason,
/// which starts with <see cref="PauseReasonPrefix"/>; the store keeps nothing else, and a send paused for any other
/// reason (by a user, or by the provider for a cause someone must fix) is never resumed here.
/// </summary>
/// <remarks>
/// The send is resumed when the account has room for at least one more message, not for all of its pending rows: it
/// then sends what the window allows and pauses again, which is what a rolling window offers. Several instances may
/// run this; the version check lets one of them resume each send.
/// </remarks>
public sealed partial class ProviderQuotaResumer(
    IMassSendStore sends, ProviderAccountCheck provider, TimeProvider time, ILogger<ProviderQuotaResumer> logger)
{
    /// <summary>How every pause for the provider's quota starts; fixed, since stored sends are found by it.</summary>
    public const string PauseReasonPrefix = "Waiting for the email provider's 24-hour quota (the send resumes by itself when it has room): ";

    /// <summary>Sends looked at per round, oldest first; the next round takes the rest.</summary>
    public const int MaxPerRound = 100;

    /// <summary>The pause reason of a send stopped by the provider's quota, ending with the provider's own words.</summary>
    public static string PauseReason(string? providerError) =>
        PauseReasonPrefix + (string.IsNullOrWhiteSpace(providerError) ? "the provider refused more mail for now" : providerError);

    /// <summary>Resumes the sends waiting for the provider's quota when the provider reports room; returns how many it resumed.</summary>
    public async Task<int> ResumeWhereQuotaAllowsAsync(CancellationToken ct)
    {
        var waiting = await sends.ListPausedAsync(PauseReasonPrefix, MaxPerRound, ct);
        if (waiting.Count == 0)
        {
            return 0;
        }

        // Not knowing resumes nothing: a send resumed into a used-up quota would only pause again.
        if (await provider.ReadAsync(ct) is not { SendingEnabled: true } account || account.Remaining24Hours < 1)
        {
            return 0;
        }

        var resumed = 0;
        foreach (var send in waiting)
        {
            // Another instance (or a user) may have moved the send since it was listed: then that move stands.
            if (await sends.ReplaceAsync(send.Resume(time.GetUtcNowMs()), send.Version, ct) == WriteOutcome.Done)
            {
                resumed++;
                LogResumed(logger, send.Id, send.OrgId, account.Remaining24Hours);
            }
        }

        return resumed;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Send {SendId} of organisation {OrgId} resumed: the provider's 24-hour quota has room for {Remaining} more messages")]
    private static partial void LogResumed(ILogger logger, string sendId, string orgId, double remaining);
}
