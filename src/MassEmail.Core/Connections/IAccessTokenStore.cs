namespace MassEmail.Core.Connections;

/// <summary>
/// Vendor access tokens shared by every instance on the store (Zoho issues at most 10 per refresh token per 10 minutes):
/// one encrypted token per key, and a lease so that one instance refreshes it while the others wait for its result.
/// Keys are the service's (a connection id with the vendor's prefix), not an organisation's.
/// </summary>
public interface IAccessTokenStore
{
    Task<StoredAccessToken?> GetAsync(string key, CancellationToken ct);

    /// <summary>
    /// Takes the refresh lease of <paramref name="key"/> for <paramref name="holder"/> until <paramref name="leaseUntil"/>
    /// when nobody holds it or its lease ended by <paramref name="now"/>; false when another holder's lease runs. The
    /// cached token, if any, stays.
    /// </summary>
    Task<bool> TryLeaseAsync(string key, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Stores a freshly issued token and ends the lease, if <paramref name="holder"/> still holds it; false (nothing
    /// stored) when the lease was lost meanwhile.
    /// </summary>
    Task<bool> CompleteAsync(string key, string holder, string protectedToken, string fingerprint, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>Ends <paramref name="holder"/>'s lease without a new token (the issue failed); the cached token stays.</summary>
    Task ReleaseAsync(string key, string holder, CancellationToken ct);

    /// <summary>Drops the cached token if its fingerprint is still <paramref name="fingerprint"/>; a newer token stays.</summary>
    Task<bool> InvalidateAsync(string key, string fingerprint, CancellationToken ct);
}
