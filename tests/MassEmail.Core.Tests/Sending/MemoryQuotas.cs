using MassEmail.Core.Sending;

namespace MassEmail.Core.Tests.Sending;

/// <summary>One organisation's bulk counter of one day, as the store contract describes it (releases by key included).</summary>
internal sealed class MemoryQuotas : IQuotaStore
{
    private readonly Dictionary<string, long> releasedByKey = [];

    public long Used { get; private set; }

    /// <summary>Calls that moved the counter down.</summary>
    public int Releases { get; private set; }

    public Task<(bool Granted, long Used)> TryReserveAsync(string orgId, string counter, DateOnly day, long amount, long limit, CancellationToken ct)
    {
        var granted = Used + amount <= limit;
        Used += granted ? amount : 0;
        return Task.FromResult((granted, Used));
    }

    public Task ReleaseAsync(string orgId, string counter, DateOnly day, long amount, CancellationToken ct)
    {
        Releases++;
        Used = Math.Max(0, Used - amount);
        return Task.CompletedTask;
    }

    public Task<long> ReleaseUpToAsync(string orgId, string counter, DateOnly day, string key, long released, CancellationToken ct)
    {
        var before = releasedByKey.GetValueOrDefault(key);
        if (released <= before)
        {
            return Task.FromResult(0L);
        }

        releasedByKey[key] = released;
        Releases++;
        Used = Math.Max(0, Used - (released - before));
        return Task.FromResult(released - before);
    }

    public Task<long> GetUsedAsync(string orgId, string counter, DateOnly day, CancellationToken ct) => Task.FromResult(Used);
}
