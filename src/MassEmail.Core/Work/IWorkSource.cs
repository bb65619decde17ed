namespace MassEmail.Core.Work;

/// <summary>
/// One kind of leased background work for a <see cref="WorkLoop"/>: mass send snapshots and batches now, schedules and
/// the plugin outbox later. Claims are leases in the store, so that several instances on one store never run the same
/// unit at once, and a unit whose worker died is claimable again when its lease ends.
/// </summary>
public interface IWorkSource
{
    /// <summary>For logs and traces, e.g. <c>send-batches</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Claims the next unit for <paramref name="worker"/> with a lease in the store; null when there is nothing to do now
    /// (the loop waits its idle delay before asking again). Picks fairly among the owners of the work.
    /// </summary>
    Task<IWorkUnit?> ClaimAsync(string worker, CancellationToken ct);
}
