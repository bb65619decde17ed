using System.Globalization;
using MassEmail.Core.Errors;
using MassEmail.Core.Sending.Transport;
using Microsoft.Extensions.Logging;

namespace MassEmail.Core.Sending;

/// <summary>
/// What the email provider's account allows right now, checked before a mass send starts so that it is refused with
/// the reason instead of pausing half-way: an account whose sending is paused, an account in the provider's sandbox
/// (SES: ProductionAccessEnabled=false; it delivers only to verified addresses, which a mass audience is not), and a
/// send larger than what is left of the provider's rolling 24-hour quota (SES: Max24HourSend − SentLast24Hours). The
/// provider account is shared by every organisation of the service. When the provider cannot tell (the call failed),
/// nothing is refused: the send itself pauses with the provider's reason if it must.
/// </summary>
public sealed partial class ProviderAccountCheck(IMailTransport transport, TimeProvider time, ILogger<ProviderAccountCheck> logger)
{
    public const string Subject = "provider";

    /// <summary>
    /// How long a StartMassSend or GetUsage waits for the provider's answer: an unreachable provider must not hold
    /// every call for the transport's whole timeout, and not knowing refuses nothing.
    /// </summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(3);

    /// <summary>The provider's account now, or null when it cannot tell (within <see cref="ReadBudget"/>).</summary>
    public async Task<TransportQuota?> ReadAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(ReadBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await transport.GetQuotaAsync(budget.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogUnknown(logger, transport.Name, e.Message);
            return null;
        }
    }

    /// <summary>
    /// FAILED_PRECONDITION when the provider's account cannot take a send to <paramref name="recipients"/> (an upper
    /// bound); <paramref name="exactCount"/> is asked only when the bound does not fit the remaining quota.
    /// </summary>
    public async Task RequireRoomAsync(long recipients, Func<Task<long>> exactCount, CancellationToken ct)
    {
        if (await ReadAsync(ct) is not { } account)
        {
            return;
        }

        if (!account.SendingEnabled)
        {
            throw new PreconditionFailedException("PROVIDER_SENDING_PAUSED", Subject,
                $"Sending is paused for the {transport.Name} account (SES SendingEnabled is false): re-enable it, then start the send.");
        }

        if (!account.ProductionAccessEnabled)
        {
            throw new PreconditionFailedException("PROVIDER_SANDBOX", Subject,
                $"The {transport.Name} account is in its sandbox (SES ProductionAccessEnabled is false): it delivers only to verified addresses, "
                + "so a mass send would fail for its recipients. Request production access for the account in this region; test emails still work.");
        }

        if (account.Remaining24Hours < recipients && account.Remaining24Hours < await exactCount())
        {
            var remaining = Count(account.Remaining24Hours);
            throw new PreconditionFailedException("PROVIDER_DAILY_QUOTA", Subject,
                $"The {transport.Name} account can send {remaining} more emails in its rolling 24 hours (Max24HourSend {Count(account.Max24HourSend)} − "
                + $"SentLast24Hours {Count(account.SentLast24Hours)}), fewer than this send's recipients. Start it when the window allows "
                + "(GetUsage shows provider_remaining_24_hours), or raise the account's quota.");
        }
    }

    private static string Count(double value) => Math.Floor(value).ToString("0", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Transport} account's limits are unknown ({Error}); sends start unchecked.")]
    private static partial void LogUnknown(ILogger logger, string transport, string error);
}
