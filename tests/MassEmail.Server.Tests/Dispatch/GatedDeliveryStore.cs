using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// The real delivery store, whose snapshot appends (from the <see cref="HoldFrom"/>th) wait until the test opens the gate: a slow append (a loaded
/// MongoDB) made to last as long as the test needs; or, while <see cref="Failure"/> is set, fail with it (a full disk).
/// Batch checkpoints fail with <see cref="CheckpointFailure"/> while it is set. Everything else goes straight to the store.
/// </summary>
internal sealed class GatedDeliveryStore(IDeliveryStore inner) : IDeliveryStore
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int appends;

    /// <summary>Completes when the first append waits at the gate.</summary>
    public Task Reached => reached.Task;

    /// <summary>The first append held at the gate (1 unless set): the ones before it go straight to the store.</summary>
    public int HoldFrom { get; set; } = 1;

    /// <summary>While set, an append past the gate throws this instead of writing.</summary>
    public Exception? Failure { get; set; }

    /// <summary>While set, a checkpoint (outcomes and the in-flight mark of a batch) throws this instead of writing.</summary>
    public Exception? CheckpointFailure { get; set; }

    /// <summary>Puts a gated store around the server's own delivery store in its place.</summary>
    public static void Register(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(IDeliveryStore));
        services.Remove(real);
        services.AddSingleton<IDeliveryStore>(sp => new GatedDeliveryStore((IDeliveryStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
    }

    public void Open() => open.TrySetResult();

    public async Task AppendAsync(IReadOnlyList<Delivery> rows, int batchSize, CancellationToken ct)
    {
        if (Interlocked.Increment(ref appends) < HoldFrom)
        {
            await inner.AppendAsync(rows, batchSize, ct);
            return;
        }

        reached.TrySetResult();
        await open.Task.WaitAsync(ct);
        if (Failure is { } failure)
        {
            throw failure;
        }

        await inner.AppendAsync(rows, batchSize, ct);
    }

    public Task<DeliveryBatch?> ClaimBatchAsync(string sendId, string owner, DateTimeOffset leaseUntil, CancellationToken ct) =>
        inner.ClaimBatchAsync(sendId, owner, leaseUntil, ct);

    public Task<bool> CheckpointAsync(
        DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, string? inFlightUpTo, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        CheckpointFailure is { } failure ? throw failure : inner.CheckpointAsync(batch, outcomes, inFlightUpTo, now, leaseUntil, ct);

    public Task<bool> ReleaseAsync(DeliveryBatch batch, IReadOnlyList<DeliveryOutcome> outcomes, DateTimeOffset now, CancellationToken ct) =>
        inner.ReleaseAsync(batch, outcomes, now, ct);

    public Task<int> ExpireLeasesAsync(DateTimeOffset now, CancellationToken ct) => inner.ExpireLeasesAsync(now, ct);

    public Task<bool> HasOpenBatchesAsync(string sendId, CancellationToken ct) => inner.HasOpenBatchesAsync(sendId, ct);

    public Task<DeliveryCounts> CountAsync(string orgId, string sendId, CancellationToken ct) => inner.CountAsync(orgId, sendId, ct);

    public Task<IReadOnlyList<Delivery>> ListAsync(
        string orgId, string sendId, DeliveryState? state, SkipReason? skip, string? afterId, int limit, CancellationToken ct) =>
        inner.ListAsync(orgId, sendId, state, skip, afterId, limit, ct);

    public Task<int> RequeueUnknownAsync(string orgId, string sendId, CancellationToken ct) => inner.RequeueUnknownAsync(orgId, sendId, ct);
}
