using MassEmail.Core.OptOut;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.OptOut;

/// <summary>The store port's contract in memory, for unit tests of the tokens (the adapters pass the same contract suite).</summary>
internal sealed class MemorySigningKeyStore : ISigningKeyStore
{
    private readonly Lock gate = new();
    private SigningKeyRing? ring;

    public Task<SigningKeyRing?> GetAsync(CancellationToken ct)
    {
        lock (gate)
        {
            return Task.FromResult(ring);
        }
    }

    public Task<WriteOutcome> WriteAsync(SigningKeyRing next, long expectedVersion, CancellationToken ct)
    {
        lock (gate)
        {
            if ((ring?.Version ?? 0) != expectedVersion)
            {
                return Task.FromResult(WriteOutcome.VersionMismatch);
            }

            ring = next;
            return Task.FromResult(WriteOutcome.Done);
        }
    }
}
