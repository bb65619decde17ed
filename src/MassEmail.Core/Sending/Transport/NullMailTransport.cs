namespace MassEmail.Core.Sending.Transport;

/// <summary>
/// Accepts every message at once and sends nothing: for load tests and benchmarks of the pipeline
/// (<c>Sending:Transport=null</c>). Never use it where mail must leave.
/// </summary>
public sealed class NullMailTransport : IMailTransport
{
    private long next;

    public string Name => "null";

    public Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken ct) =>
        Task.FromResult(SendResult.Sent($"null-{Interlocked.Increment(ref next)}"));

    public Task<TransportQuota> GetQuotaAsync(CancellationToken ct) =>
        Task.FromResult(new TransportQuota(100_000, double.PositiveInfinity, 0));
}
