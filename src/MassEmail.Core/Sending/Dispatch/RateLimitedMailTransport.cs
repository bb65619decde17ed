using MassEmail.Core.Sending.Transport;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// The transport senders use: the provider's transport, telling the rate limiter when each request has finished.
/// A permit counts until one window after that (<see cref="PermitLog"/>), so the limit holds at the provider however
/// long a request was held up on its way. Every send must take a permit first (<see cref="TransportLimiter"/>).
/// </summary>
public sealed class RateLimitedMailTransport(IMailTransport provider, TransportLimiter limiters) : IMailTransport
{
    /// <summary>The key under which the provider's own transport stays registered, for the limiter (which asks it for its rate).</summary>
    public const string ProviderKey = "provider";

    public string Name => provider.Name;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            return await provider.SendAsync(message, ct);
        }
        finally
        {
            limiters.RequestFinished();
        }
    }

    public Task<TransportQuota> GetQuotaAsync(CancellationToken ct) => provider.GetQuotaAsync(ct);
}
