using MassEmail.Core.Templates;

namespace MassEmail.Core.Sending.RateSharing;

/// <summary>The rate groups of provider accounts (<see cref="RateGroup"/>): shared by every instance on the store, not per organisation.</summary>
public interface IRateGroupStore
{
    /// <summary>The group of <paramref name="key"/>; null before its first write.</summary>
    Task<RateGroup?> GetAsync(string key, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="group"/> (whose version is the next one) if the stored version is <paramref name="expectedVersion"/>,
    /// 0 meaning that none is stored yet; otherwise nothing changes and the answer is <see cref="WriteOutcome.VersionMismatch"/>.
    /// </summary>
    Task<WriteOutcome> WriteAsync(RateGroup group, long expectedVersion, CancellationToken ct);
}
