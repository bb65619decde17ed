using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Tests.Sending;

/// <summary>A delivery store that answers only each send's counts, as the test sets them, and a scripted requeue.</summary>
internal sealed class FixedCounts : IDeliveryStore
{
    private readonly Dictionary<string, DeliveryCounts> counts = [];

    public void Set(MassSend send, DeliveryCounts value) => counts[send.Id] = value;

    public DeliveryCounts Of(MassSend send) => counts[send.Id];

    /// <summary>What <see cref="RequeueUnknownAsync"/> does and answers (a concurrent writer can act in it).</summary>
    public Func<int>? OnRequeue { get; set; }

    public Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct) => Task.FromResult(counts[sendId]);

    public Task AppendAsync(IReadOnlyList<Delivery> rows, int batchSize, CancellationToken ct) => throw new NotSupportedException();

    public Task<DeliveryBatch?> ClaimBatchAsync(string sendId, string owner, DateTimeOffset leaseUntil, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> CheckpointAsync(
        DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, string? inFlightUpTo, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<bool> ReleaseAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset now, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> HasOpenBatchesAsync(string sendId, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<Delivery>> ListAsync(string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct) =>
        Task.FromResult(OnRequeue?.Invoke() ?? throw new NotSupportedException());
}
