using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Rate groups in memory with the stores' compare-and-set (the adapters pass the same contract suite), for
/// unit tests on a simulated clock.
/// </summary>
internal sealed class MemoryRateGroupStore : IRateGroupStore
{
    private readonly Dictionary<string, RateGroup> groups = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public RateGroup? this[string key]
    {
        get
        {
            lock (gate)
            {
                return groups.GetValueOrDefault(key);
            }
        }
    }

    public Task<RateGroup?> GetAsync(string key, CancellationToken ct)
    {
        lock (gate)
        {
            return Task.FromResult(groups.GetValueOrDefault(key));
        }
    }

    public Task<WriteOutcome> WriteAsync(RateGroup group, long expectedVersion, CancellationToken ct)
    {
        lock (gate)
        {
            if ((groups.TryGetValue(group.Key, out var stored) ? stored.Version : 0) != expectedVersion)
            {
                return Task.FromResult(WriteOutcome.VersionMismatch);
            }

            groups[group.Key] = group;
            return Task.FromResult(WriteOutcome.Done);
        }
    }
}
