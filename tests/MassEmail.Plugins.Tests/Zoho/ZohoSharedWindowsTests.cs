using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>
/// Two instances of the plugin on one window store (as two service instances on one store): a window one filled, or a
/// lock Zoho showed one, keeps the other off the endpoint without a call to Zoho.
/// </summary>
public sealed class ZohoSharedWindowsTests : IAsyncLifetime
{
    private const string ListKey = "list-shared";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAccessTokenCache tokens;
    private readonly InMemoryEndpointCallStore windows = new();
    private FakeZohoCampaigns fake = null!;

    public ZohoSharedWindowsTests() => tokens = new InMemoryAccessTokenCache(time);

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList(ListKey, "Candidates");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_AWindowFilledByOneInstance_TheOtherWaitsForItWithoutCallingZoho()
    {
        using var a = new ZohoHost(fake, time, tokens, windows);
        using var b = new ZohoHost(fake, time, tokens, windows);
        var connection = ZohoHost.Connection();
        var start = time.GetUtcNow();

        var first = await a.Plugin.ApplyAsync(connection, ListKey, [.. Enumerable.Range(0, 500).Select(i => Named(i))], CancellationToken.None);
        var calls = fake.Calls.Count;
        var second = await b.Plugin.ApplyAsync(connection, ListKey, [Named(500)], CancellationToken.None);

        Assert.All(first, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        // json/listsubscribe takes 500 a minute: the minute's buckets (a second each) hold all of them.
        Assert.Equal((MembershipOutcome.RetryLater, start + TimeSpan.FromSeconds(61)), (second[0].Outcome, second[0].RetryAt));
        Assert.Equal(calls, fake.Calls.Count);
        time.SetUtcNow(second[0].RetryAt!.Value);
        Assert.Equal(MembershipOutcome.Applied, (await b.Plugin.ApplyAsync(connection, ListKey, [Named(500)], CancellationToken.None))[0].Outcome);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task Apply_ALockZohoShowedOneInstance_KeepsTheOtherOffTheEndpointUntilItEnds()
    {
        using var a = new ZohoHost(fake, time, tokens, windows);
        using var b = new ZohoHost(fake, time, tokens, windows);
        var connection = ZohoHost.Connection();
        var lockedAt = time.GetUtcNow();
        fake.Lock("json/listsubscribe", TimeSpan.FromMinutes(30));

        var first = await a.Plugin.ApplyAsync(connection, ListKey, [Named(1)], CancellationToken.None);
        var calls = fake.Calls.Count;
        time.Advance(TimeSpan.FromMinutes(10));
        var second = await b.Plugin.ApplyAsync(connection, ListKey, [Named(2)], CancellationToken.None);

        Assert.Equal((MembershipOutcome.RetryLater, lockedAt + TimeSpan.FromMinutes(30)), (first[0].Outcome, first[0].RetryAt));
        Assert.Equal((MembershipOutcome.RetryLater, lockedAt + TimeSpan.FromMinutes(30)), (second[0].Outcome, second[0].RetryAt));
        Assert.Equal(calls, fake.Calls.Count);
        Assert.Single(fake.Calls, c => c.Code == 2101);
        // Another endpoint of the connection is not locked.
        var bulk = await b.Plugin.ApplyAsync(connection, ListKey, [MembershipChange.Of("r3", "s3@example.org", MembershipChangeKind.Subscribe, 3)], CancellationToken.None);
        Assert.Equal(MembershipOutcome.Applied, bulk[0].Outcome);
    }

    private static MembershipChange Named(int i) =>
        new($"r{i}", $"s{i}@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["First Name"] = $"Ann{i}" }, i);
}
