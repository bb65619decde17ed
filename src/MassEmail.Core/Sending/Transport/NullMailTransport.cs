namespace MassEmail.Core.Sending.Transport;

/// <summary>
/// Accepts every message at once and sends nothing: for load tests and benchmarks of the pipeline
/// (<c>Sending:Transport=null</c>). Never use it where mail must leave. Its rate (10,000,000 a second) keeps the
/// limiter in the path without binding it: at 100,000 a second, its first rate, a million-recipient send's lanes ran
/// within a tenth of it once the snapshot was written.
/// </summary>
public sealed class NullMailTransport : IMailTransport
{
    /// <summary>The send rate it reports: high enough that the limiter never binds a lane.</summary>
    public const int Rate = 10_000_000;

    private long next;

    public string Name => "null";

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct) =>
        Task.FromResult(SendResult.Sent($"null-{Interlocked.Increment(ref next)}"));

    public Task<TransportQuota> GetQuotaAsync(CancellationToken ct) =>
        Task.FromResult(new TransportQuota(Rate, double.PositiveInfinity, 0));
}
