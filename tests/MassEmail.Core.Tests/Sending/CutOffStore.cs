using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.Sending;

/// <summary>One member's view of a shared store: a process can be cut off from the store while the others still reach it.</summary>
internal sealed class CutOffStore(IRateGroupStore inner) : IRateGroupStore
{
    public bool Unreachable { get; set; }

    public Task<RateGroup?> GetAsync(string key, CancellationToken ct) =>
        Unreachable ? Task.FromException<RateGroup?>(new TimeoutException("cut off")) : inner.GetAsync(key, ct);

    public Task<WriteOutcome> WriteAsync(RateGroup group, long expectedVersion, CancellationToken ct) =>
        Unreachable ? Task.FromException<WriteOutcome>(new TimeoutException("cut off")) : inner.WriteAsync(group, expectedVersion, ct);
}
