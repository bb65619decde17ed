namespace MassEmail.Core.Sending;

/// <summary>Daily usage counters (per organisation for bulk mail, per user for individual mail), by UTC day.</summary>
public interface IQuotaStore
{
    /// <summary>
    /// Atomically adds <paramref name="amount"/> to the counter if the result stays within
    /// <paramref name="limit"/>; concurrent callers can never overspend. Returns whether it was
    /// granted and the counter's value afterwards (unchanged when refused).
    /// </summary>
    Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct);

    /// <summary>Gives back unused quota (never below zero).</summary>
    Task ReleaseAsync(string orgId, string counter, DateOnly day, long amount, CancellationToken ct);

    Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct);
}
