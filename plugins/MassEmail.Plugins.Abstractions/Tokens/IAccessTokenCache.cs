namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The access tokens of connections, shared by every instance of the service. Zoho issues at most 10 access tokens
/// per refresh token per 10 minutes, so instances must not each refresh: one cached token per connection, refreshed by
/// one caller at a time (single-flight) while the others wait for its result. The in-memory implementation shares
/// within a process; a store-backed one (the token in the store, the refresh under a lease) shares across instances.
/// </summary>
public interface IAccessTokenCache
{
    /// <summary>
    /// The cached token of <paramref name="key"/> when it is fresh; otherwise calls <paramref name="issue"/> (only one
    /// caller at a time per key; callers that waited use its token) and caches what it returns.
    /// </summary>
    Task<AccessToken> GetOrIssueAsync(string key, Func<CancellationToken, Task<AccessToken>> issue, CancellationToken cancellationToken);

    /// <summary>
    /// Drops <paramref name="rejected"/> (the vendor refused it before its expiry) if it is still the cached token of
    /// <paramref name="key"/>; a newer token cached by another caller stays, so one rejection causes one refresh.
    /// </summary>
    Task InvalidateAsync(string key, AccessToken rejected, CancellationToken cancellationToken);
}
