using System.Collections.Concurrent;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// <see cref="IAccessTokenCache"/> within one process: a token and a gate per key. Plugin instances that share this
/// object share their tokens. Not shared across processes: several service instances need the store-backed cache.
/// </summary>
public sealed class InMemoryAccessTokenCache(TimeProvider time) : IAccessTokenCache
{
    /// <summary>A token this close to its expiry is refreshed before use, so that it does not expire in flight.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public async Task<AccessToken> GetOrIssueAsync(string key, Func<CancellationToken, Task<AccessToken>> issue, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(key, _ => new Entry());
        if (entry.Token is { } cached && cached.IsFresh(time.GetUtcNow(), Margin))
        {
            return cached;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited: use its token rather than issue another.
            if (entry.Token is { } refreshed && refreshed.IsFresh(time.GetUtcNow(), Margin))
            {
                return refreshed;
            }

            var token = await issue(cancellationToken);
            entry.Token = token;
            return token;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    public Task InvalidateAsync(string key, AccessToken rejected, CancellationToken cancellationToken)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            Interlocked.CompareExchange(ref entry.Token, null, rejected);
        }

        return Task.CompletedTask;
    }

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public AccessToken? Token;
    }
}
