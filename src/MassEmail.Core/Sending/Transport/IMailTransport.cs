namespace MassEmail.Core.Sending.Transport;

/// <summary>
/// Sends single messages through a provider. Implementations classify every outcome into a
/// <see cref="SendStatus"/> and never retry on their own: retries, back-off and rate limiting are
/// the pipeline's, so that a timeout is never silently re-sent.
/// </summary>
public interface IMailTransport
{
    /// <summary>A short name for logs and per-transport rate limiters, e.g. "ses".</summary>
    string Name { get; }

    /// <summary>One attempt. Does not throw for provider errors; cancellation still throws.</summary>
    Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct);

    /// <summary>The account's current limits.</summary>
    Task<TransportQuota> GetQuotaAsync(CancellationToken ct);
}
