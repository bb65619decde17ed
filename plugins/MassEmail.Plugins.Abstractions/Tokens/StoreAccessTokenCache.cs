using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MassEmail.Core.Connections;
using MassEmail.Core.Secrets;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// <see cref="IAccessTokenCache"/> shared by every instance on the store: the token of each key is kept in the store,
/// encrypted with the <see cref="ISecretProtector"/>, and refreshed by one instance under a lease in the store while the
/// others poll for its result. Within a process, callers of one key queue on a gate first, so one of them talks to the
/// store. A holder killed mid-refresh leaves its lease, which ends after <see cref="StoreAccessTokenCacheOptions.Lease"/>;
/// then another instance refreshes.
/// </summary>
public sealed class StoreAccessTokenCache(IAccessTokenStore store, ISecretProtector protector, TimeProvider time, StoreAccessTokenCacheOptions? options = null)
    : IAccessTokenCache
{
    private readonly StoreAccessTokenCacheOptions options = options ?? new StoreAccessTokenCacheOptions();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly string holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task<AccessToken> GetOrIssueAsync(string key, Func<CancellationToken, Task<AccessToken>> issue, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var wait = options.FirstPoll;
            while (true)
            {
                var stored = await store.GetAsync(key, cancellationToken);
                if (Fresh(key, stored) is { } cached)
                {
                    return cached;
                }

                var now = time.GetUtcNow();
                if (await store.TryLeaseAsync(key, holder, now, now + options.Lease, cancellationToken))
                {
                    return await IssueUnderLeaseAsync(key, issue, cancellationToken);
                }

                // Another instance refreshes: its token will be in the store (or its lease will end).
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxPoll.Ticks));
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task InvalidateAsync(string key, AccessToken rejected, CancellationToken cancellationToken) =>
        await store.InvalidateAsync(key, Fingerprint(rejected.Value), cancellationToken);

    /// <summary>A hash of the token, never the token: what "drop it if it is still the current one" compares.</summary>
    internal static string Fingerprint(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Purpose(string key) => $"plugins.access-token:{key}";

    private async Task<AccessToken> IssueUnderLeaseAsync(string key, Func<CancellationToken, Task<AccessToken>> issue, CancellationToken cancellationToken)
    {
        AccessToken token;
        try
        {
            // Another instance may have stored a token between this one's read and its lease.
            if (Fresh(key, await store.GetAsync(key, cancellationToken)) is { } cached)
            {
                await store.ReleaseAsync(key, holder, CancellationToken.None);
                return cached;
            }

            token = await issue(cancellationToken);
        }
        catch
        {
            // Not cancellable: a lease left behind would hold the other instances off until it ends.
            await store.ReleaseAsync(key, holder, CancellationToken.None);
            throw;
        }

        // A lease lost meanwhile (this refresh outlasted it) stores nothing: the caller still uses the token it got.
        await store.CompleteAsync(key, holder, protector.Protect(Purpose(key), token.Value), Fingerprint(token.Value), token.ExpiresAt, CancellationToken.None);
        return token;
    }

    private AccessToken? Fresh(string key, StoredAccessToken? stored)
    {
        if (stored is not { ProtectedToken: { } ciphertext, ExpiresAt: { } expiresAt })
        {
            return null;
        }

        if (!new AccessToken("", expiresAt).IsFresh(time.GetUtcNow(), InMemoryAccessTokenCache.Margin))
        {
            return null;
        }

        try
        {
            return new AccessToken(protector.Unprotect(Purpose(key), ciphertext), expiresAt);
        }
        catch (SecretUnreadableException)
        {
            // A token is cheap to get again (unlike credentials): one protected with a key the ring lost is replaced.
            return null;
        }
    }
}
