using MassEmail.Core.Connections;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests;

/// <summary>The shared kit of the contract: credentials that do not print, endpoint windows on virtual time.</summary>
public sealed class ContractTests
{
    [Fact]
    public void Connection_Printed_ShowsNoCredential()
    {
        var connection = new PluginConnection("c1", "mailchimp", "us6", new PluginCredentials(new Dictionary<string, string> { ["api_key"] = "s3cr3t-us6" }));

        Assert.DoesNotContain("s3cr3t", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", new AccessToken("tok-s3cr3t", DateTimeOffset.UnixEpoch).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointGate_EveryWindow_RefusesUntilTheOldestCallLeavesIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var start = time.GetUtcNow();
        var gate = new EndpointGate(
            "c1", new EndpointLimit("e", [new CallWindow(3, TimeSpan.FromMinutes(1)), new CallWindow(5, TimeSpan.FromHours(1))], TimeSpan.FromMinutes(30)),
            new InMemoryEndpointCallStore(), time);
        async Task<bool> Enter() => (await gate.TryEnterAsync(CancellationToken.None)).Entered;

        Assert.True(await Enter() && await Enter() && await Enter());
        var minute = await gate.TryEnterAsync(CancellationToken.None);
        // Counted in buckets of a sixtieth of the window: a call is remembered up to one bucket (here a second) longer.
        Assert.Equal((false, start + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)), (minute.Entered, minute.RetryAt));
        time.SetUtcNow(minute.RetryAt);
        Assert.True(await Enter() && await Enter());
        var hour = await gate.TryEnterAsync(CancellationToken.None);
        Assert.Equal((false, start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)), (hour.Entered, hour.RetryAt));

        var locked = await gate.LockedAsync();
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(30), locked);
        Assert.Equal(locked, (await gate.TryEnterAsync(CancellationToken.None)).RetryAt);
        time.SetUtcNow(hour.RetryAt);
        Assert.True(await Enter());
    }

    [Fact]
    public async Task InMemoryTokenCache_ConcurrentCallers_OneIssueAndARejectedTokenReplacedOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var cache = new InMemoryAccessTokenCache(time);
        var issued = 0;
        async Task<AccessToken> Issue(CancellationToken ct)
        {
            await Task.Yield();
            return new AccessToken($"t{Interlocked.Increment(ref issued)}", time.GetUtcNow() + TimeSpan.FromHours(1));
        }

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cache.GetOrIssueAsync("k", Issue, CancellationToken.None)));
        await cache.InvalidateAsync("k", tokens[0], CancellationToken.None);
        await cache.InvalidateAsync("k", tokens[1], CancellationToken.None);
        var fresh = await cache.GetOrIssueAsync("k", Issue, CancellationToken.None);
        await cache.InvalidateAsync("k", tokens[0], CancellationToken.None); // a late rejection of the old token
        var still = await cache.GetOrIssueAsync("k", Issue, CancellationToken.None);

        Assert.Single(tokens.Distinct());
        Assert.Equal("t2", fresh.Value);
        Assert.Equal(fresh, still);
        Assert.Equal(2, issued);
    }
}
