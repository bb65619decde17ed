using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>Issue 14's outage acceptance at the plugin level: 503s for a while, then recovery; nothing lost, per-contact order kept.</summary>
public sealed class ZohoOutageTests : IAsyncLifetime
{
    private const string ListKey = "list-outage";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList(ListKey, "Contacts");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_ZohoUnavailableForAWhile_ConvergesWithNothingLostAndEachContactsChangesInOrder()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        // Each contact: subscribe, then an update, then for every third an unsubscribe, interleaved across contacts.
        var sequence = 0L;
        var changes = new List<MembershipChange>();
        var expected = new Dictionary<string, List<string>>();
        for (var step = 0; step < 3; step++)
        {
            for (var c = 0; c < 300; c++)
            {
                var email = $"o{c}@example.org";
                var change = step switch
                {
                    0 => c % 2 == 0 ? MembershipChange.Of($"r{c}", email, MembershipChangeKind.Subscribe, sequence++)
                        : new MembershipChange($"r{c}", email, MembershipChangeKind.Subscribe, Name("First"), sequence++),
                    1 => new MembershipChange($"r{c}", email, MembershipChangeKind.Update, Name($"Second{c}"), sequence++),
                    _ when c % 3 == 0 => MembershipChange.Of($"r{c}", email, MembershipChangeKind.Unsubscribe, sequence++),
                    _ => null,
                };
                if (change is not null)
                {
                    changes.Add(change);
                    (expected.TryGetValue(email, out var ops) ? ops : expected[email] = []).Add(step switch { 0 => "subscribe", 1 => "update", _ => "unsubscribe" });
                }
            }
        }

        // Zoho goes down after the first round and comes back after five rounds of 503s.
        var results = await OutboxDriver.RunAsync(host.Plugin, connection, ListKey, changes, time, batchSize: 100, afterRound: round =>
        {
            fake.Unavailable = round is >= 0 and < 5;
        });

        Assert.True(fake.OutageCalls > 0, "the outage never happened");
        Assert.Equal(changes.Count, results.Count);
        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Empty(fake.Violations);
        var list = fake.List(ListKey);
        foreach (var (email, ops) in expected)
        {
            Assert.Equal(ops, list.History(email));
        }

        Assert.Equal($"Second5", list.Fields("o5@example.org")["First Name"]);
        Assert.Equal(100, list.Count("unsub"));
    }

    [Fact]
    public async Task Apply_LaterChangeOfAContactWhoseEarlierChangeMustWait_IsNotAttempted()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        fake.Lock("json/listsubscribe", TimeSpan.FromMinutes(30));
        MembershipChange[] batch =
        [
            new("r1", "w1@example.org", MembershipChangeKind.Subscribe, Name("A"), 1),
            MembershipChange.Of("r1", "w1@example.org", MembershipChangeKind.Unsubscribe, 2),
            MembershipChange.Of("r2", "w2@example.org", MembershipChangeKind.Unsubscribe, 3),
        ];

        var results = await host.Plugin.ApplyAsync(connection, ListKey, batch, CancellationToken.None);

        Assert.Equal([MembershipOutcome.RetryLater, MembershipOutcome.RetryLater, MembershipOutcome.Applied], results.Select(r => r.Outcome));
        Assert.Equal(["unsubscribe"], fake.List(ListKey).History("w2@example.org"));
        Assert.Empty(fake.List(ListKey).History("w1@example.org"));
    }

    [Fact]
    public async Task Apply_InvalidAddressInABulkCall_OnlyThatContactRejected()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        // Passes our parser (a quoted local part) but not the fake Zoho's check: Zoho fails the whole bulk call.
        var batch = Enumerable.Range(0, 5).Select(i => MembershipChange.Of($"r{i}", i == 2 ? "\"a b\"@example.org" : $"b{i}@example.org", MembershipChangeKind.Subscribe, i)).ToList();

        var results = await host.Plugin.ApplyAsync(connection, ListKey, batch, CancellationToken.None);

        Assert.Equal(RejectionReason.InvalidEmail, results[2].Reason);
        Assert.Equal(4, results.Count(r => r.Outcome == MembershipOutcome.Applied));
        Assert.Equal(4, fake.List(ListKey).Count("active"));
    }

    private static Dictionary<string, string> Name(string first) => new() { ["First Name"] = first };
}
