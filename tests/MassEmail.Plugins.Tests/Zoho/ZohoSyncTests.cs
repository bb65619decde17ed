using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>Issue 14 acceptance, first item, at the plugin level: 10,000 members to the fake Zoho Campaigns within every documented limit.</summary>
public sealed class ZohoSyncTests : IAsyncLifetime
{
    private const string ListKey = "list-10k";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList(ListKey, "Candidates");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_TenThousandMembers_AllArriveWithinEveryWindowAndAtMostTenPerBulkCall()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        // Every fifth contact carries a first name (one listsubscribe call each: 2,000 calls, four minutes at 500 a
        // minute); the others go ten at a time in bulk. Then 600 leave again: 500 unsubscribes per 5 minutes.
        var changes = Enumerable.Range(0, 10_000).Select(i => i % 5 == 0
            ? new MembershipChange($"r{i}", $"c{i}@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["First Name"] = $"Ann{i}" }, i)
            : MembershipChange.Of($"r{i}", $"c{i}@example.org", MembershipChangeKind.Subscribe, i))
            .Concat(Enumerable.Range(0, 600).Select(i => MembershipChange.Of($"r{i * 7}", $"c{i * 7}@example.org", MembershipChangeKind.Unsubscribe, 10_000 + i)))
            .ToList();
        var started = time.GetUtcNow();

        var results = await OutboxDriver.RunAsync(host.Plugin, connection, ListKey, changes, time);

        Assert.Equal(changes.Count, results.Count);
        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Empty(fake.Violations);
        var list = fake.List(ListKey);
        Assert.Equal(10_000 - 600, list.Count("active"));
        Assert.Equal(600, list.Count("unsub"));
        Assert.Equal("Ann5", list.Fields("c5@example.org")["First Name"]);
        Assert.Equal(["subscribe", "unsubscribe"], list.History("c7@example.org"));

        var calls = fake.Calls;
        var bulk = calls.Where(c => c.Endpoint == "addlistsubscribersinbulk").ToList();
        Assert.All(bulk, c => Assert.InRange(c.Emails, 1, 10));
        Assert.Equal(8_000, bulk.Sum(c => c.Emails));
        AssertWithin(calls, "json/listsubscribe", 500, TimeSpan.FromMinutes(1));
        AssertWithin(calls, "json/listunsubscribe", 500, TimeSpan.FromMinutes(5));
        AssertWithin(calls, "addlistsubscribersinbulk", 2_000, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(calls, c => c.Code == 2101);
        // The windows, not luck, set the pace: 2,000 listsubscribe calls need at least three full minutes after the first.
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromMinutes(3), $"finished after {time.GetUtcNow() - started}");
        Assert.Equal(1, fake.TokensIssued);
    }

    [Fact]
    public async Task Apply_EndpointLockedByZoho_KeepsOffItForTheWholeLockAndOtherEndpointsGoOn()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        var lockedAt = time.GetUtcNow();
        fake.Lock("json/listsubscribe", TimeSpan.FromMinutes(30));
        var changes = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? new MembershipChange($"r{i}", $"l{i}@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["Last Name"] = "Lee" }, i)
            : MembershipChange.Of($"r{i}", $"l{i}@example.org", MembershipChangeKind.Subscribe, i)).ToList();

        var results = await OutboxDriver.RunAsync(host.Plugin, connection, ListKey, changes, time);

        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Empty(fake.Violations);
        var subscribeCalls = fake.Calls.Where(c => c.Endpoint == "json/listsubscribe").ToList();
        Assert.Equal(2101, subscribeCalls[0].Code);
        Assert.Single(subscribeCalls, c => c.Code == 2101);
        Assert.All(subscribeCalls.Skip(1), c => Assert.True(c.At >= lockedAt + TimeSpan.FromMinutes(30), $"listsubscribe at {c.At:O} inside the lock"));
        // The bulk endpoint has its own lock and was not held up by listsubscribe's.
        Assert.All(fake.Calls.Where(c => c.Endpoint == "addlistsubscribersinbulk"), c => Assert.True(c.At < lockedAt + TimeSpan.FromMinutes(30)));
    }

    private static void AssertWithin(IReadOnlyList<FakeZohoCall> calls, string endpoint, int limit, TimeSpan window)
    {
        var times = calls.Where(c => c.Endpoint == endpoint).Select(c => c.At.UtcTicks).Order().ToList();
        Assert.NotEmpty(times);
        var (busiest, _) = SlidingWindow.Busiest(times, window.Ticks);
        Assert.True(busiest <= limit, $"{endpoint}: {busiest} calls in one {window} window (limit {limit})");
    }
}
