using MassEmail.Core.Templates;

namespace MassEmail.Core.OptOut;

/// <summary>
/// Persistence of the one <see cref="SigningKeyRing"/> of the unsubscribe tokens. Not an organisation's data: the
/// ring signs every organisation's links.
/// </summary>
public interface ISigningKeyStore
{
    /// <summary>The stored ring, or null before the first start wrote one.</summary>
    Task<SigningKeyRing?> GetAsync(CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="ring"/> if the stored ring still has <paramref name="expectedVersion"/> (0: there is none
    /// yet); <see cref="WriteOutcome.VersionMismatch"/> otherwise, so of concurrent writers exactly one wins.
    /// </summary>
    Task<WriteOutcome> WriteAsync(SigningKeyRing ring, long expectedVersion, CancellationToken ct);
}
