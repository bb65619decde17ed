namespace MassEmail.Core.Secrets;

/// <summary>
/// Persistence of the service's Data Protection key ring: the XML elements (keys, revocations) that protect secrets at
/// rest, such as the credentials of plugin connections. Not an organisation's data: one ring serves the whole service,
/// and every instance on the store reads the same elements, so a secret protected by one instance is readable by all.
/// </summary>
/// <remarks>
/// Insert-only, as the key ring's own repository contract is: an element is never changed or removed once stored (a
/// revocation is a new element), so there is nothing to race over and a lost write is the only way to lose a key.
/// </remarks>
public interface IDataProtectionKeyStore
{
    /// <summary>Every stored element (the key ring gives their order no meaning).</summary>
    Task<IReadOnlyList<KeyElement>> ListAllAsync(CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="element"/> as a new entry. A friendly name already in use is no conflict: both elements
    /// are kept (the name is a label, not an identity).
    /// </summary>
    Task AddAsync(KeyElement element, CancellationToken ct);
}
