using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>Zoho issues at most 10 access tokens per refresh token per 10 minutes: one shared token, refreshed once when refused.</summary>
public sealed class ZohoTokenTests : IAsyncLifetime
{
    private const string ListKey = "list-tokens";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList(ListKey, "Contacts");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_AccessTokenExpiredEarly_RefreshedOnceAndTheCallRetried()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListKey, [Subscribe(1)], CancellationToken.None);
        fake.ExpireAccessTokens();

        var results = await host.Plugin.ApplyAsync(connection, ListKey, [Subscribe(2), Subscribe(3)], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Equal(2, fake.TokensIssued);
        var afterExpiry = fake.Calls.SkipWhile(c => c.Code != 1007).Select(c => (c.Endpoint, c.Code)).ToList();
        Assert.Equal([("json/listsubscribe", 1007), ("token", 0), ("json/listsubscribe", 0), ("json/listsubscribe", 0)], afterExpiry);
        Assert.Equal("active", fake.List(ListKey).State("t2@example.org"));
    }

    [Fact]
    public async Task Apply_AccessTokenPastItsHour_RefreshedBeforeUseWithoutARefusal()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListKey, [Subscribe(1)], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(59));

        await host.Plugin.ApplyAsync(connection, ListKey, [Subscribe(2)], CancellationToken.None);

        Assert.Equal(2, fake.TokensIssued);
        Assert.DoesNotContain(fake.Calls, c => c.Code == 1007);
    }

    [Fact]
    public async Task Apply_TwoInstancesSharingTheTokenCache_ZohoIssuesOneToken()
    {
        var shared = new InMemoryAccessTokenCache(time);
        using var first = new ZohoHost(fake, time, shared);
        using var second = new ZohoHost(fake, time, shared);
        var connection = ZohoHost.Connection();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).Plugin
            .ApplyAsync(connection, ListKey, [Subscribe(i)], CancellationToken.None)));

        Assert.Equal(1, fake.TokensIssued);
        Assert.Equal(8, fake.List(ListKey).Count("active"));
    }

    [Fact]
    public async Task Apply_TwoInstancesWithOwnCaches_ZohoIssuesOneTokenEach()
    {
        // The control for the test above: the fake does count every issue.
        using var first = new ZohoHost(fake, time);
        using var second = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();

        await first.Plugin.ApplyAsync(connection, ListKey, [Subscribe(1)], CancellationToken.None);
        await second.Plugin.ApplyAsync(connection, ListKey, [Subscribe(2)], CancellationToken.None);

        Assert.Equal(2, fake.TokensIssued);
    }

    [Fact]
    public async Task Apply_TokenKeepsBeingRefused_RefreshesOncePerCallAndStaysUnderTheIssueLimit()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        var outcomes = new List<MembershipOutcome>();
        for (var i = 0; i < 20; i++)
        {
            fake.ExpireAccessTokens();
            var results = await host.Plugin.ApplyAsync(connection, ListKey, [Subscribe(i)], CancellationToken.None);
            outcomes.Add(results[0].Outcome);
        }

        Assert.Empty(fake.Violations);
        Assert.Equal(10, fake.TokensIssued);
        Assert.Equal(10, outcomes.Count(o => o == MembershipOutcome.Applied));
        Assert.Equal(10, outcomes.Count(o => o == MembershipOutcome.RetryLater));
    }

    private static MembershipChange Subscribe(int i) =>
        new($"r{i}", $"t{i}@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["First Name"] = "Tom" }, i);
}
